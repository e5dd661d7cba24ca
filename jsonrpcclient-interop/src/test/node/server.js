'use strict';
// A jayson JSON-RPC 2.0 server over HTTP and raw TCP, the peer of JaysonIT and JaysonTcpIT
// (jsonrpcclient-interop). Both listeners serve the same methods (and share `record`'s memory).
//
//   node server.js [PORT [TCP_PORT]]      0 (the default) lets the OS pick a port
//
// Listens on 127.0.0.1 only; once both listeners accept connections it prints `tcp <port>` and
// then `listening <port>` (the HTTP one) on stdout, and it exits when its standard input closes,
// so it never outlives the JVM that started it. jayson's TCP server reads and writes one JSON
// value per line (its `delimiter` option, '\n' by default).

const jayson = require('jayson');

const received = []; // params of each `record` call, notifications included, in arrival order

const server = new jayson.Server({
  // positional: [a, b]
  add: function (params, callback) {
    if (!Array.isArray(params) || params.length !== 2 || !params.every(Number.isFinite)) {
      return callback(this.error(-32602, 'add takes two numbers', { got: params === undefined ? null : params }));
    }
    callback(null, params[0] + params[1]);
  },

  // positional [minuend, subtrahend] or named {minuend, subtrahend}, as in the spec's examples
  subtract: function (params, callback) {
    if (Array.isArray(params)) {
      return callback(null, params[0] - params[1]);
    }
    callback(null, params.minuend - params.subtrahend);
  },

  // named only: {name}
  greet: function (params, callback) {
    if (params === null || typeof params !== 'object' || Array.isArray(params)) {
      return callback(this.error(-32602, 'greet takes named params', { expected: ['name'] }));
    }
    callback(null, 'Hello, ' + params.name + '!');
  },

  // returns its params as they arrived (null when there were none)
  echo: function (params, callback) {
    callback(null, params === undefined ? null : params);
  },

  // an application error with a code, a message and structured data
  withdraw: function (params, callback) {
    callback({
      code: -32010,
      message: 'Insufficient funds',
      data: { balance: 10, requested: params[0], currency: 'EUR', retryable: false },
    });
  },

  // a handler failing with a plain Error: jayson hides it behind -32603
  crash: function (params, callback) {
    callback(new Error('the database is on fire'));
  },

  // answers after `ms` milliseconds
  sleep: function (params, callback) {
    const ms = params[0];
    setTimeout(function () {
      callback(null, ms);
    }, ms);
  },

  // remembers its params; meant to be called as a notification
  record: function (params, callback) {
    received.push(params === undefined ? null : params);
    callback(null, received.length);
  },

  // returns and forgets what `record` remembered
  received: function (params, callback) {
    callback(null, received.splice(0, received.length));
  },
});

const port = Number(process.argv[2] || 0);
const tcpPort = Number(process.argv[3] || 0);
const http = server.http();
const tcp = server.tcp();
let ready = 0;
function listening() {
  if (++ready === 2) {
    process.stdout.write('tcp ' + tcp.address().port + '\nlistening ' + http.address().port + '\n');
  }
}
http.listen(port, '127.0.0.1', listening);
tcp.listen(tcpPort, '127.0.0.1', listening);

process.stdin.on('end', function () {
  process.exit(0);
});
process.stdin.resume();
