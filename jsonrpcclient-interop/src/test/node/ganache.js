'use strict';
// A ganache Ethereum simulator over HTTP and WebSocket, the peer of GanacheIT (jsonrpcclient-interop).
//
//   node ganache.js [PORT]     PORT 0 (the default) lets the OS pick one
//
// Listens on 127.0.0.1 only, with the deterministic test wallet, chain id and network id 1337, prints
// `listening <port>` once it accepts connections, and exits when its standard input closes.
// The same port also speaks WebSocket (eth_subscribe "newHeads"), for GanacheWebSocketIT.

const ganache = require('ganache');

const server = ganache.server({
  logging: { quiet: true },
  wallet: { deterministic: true },
  chain: { chainId: 1337, networkId: 1337 },
});

server.listen(Number(process.argv[2] || 0), '127.0.0.1', function (err) {
  if (err) {
    process.stderr.write(String(err) + '\n');
    process.exit(1);
  }
  process.stdout.write('listening ' + server.address().port + '\n');
});

process.stdin.on('end', function () {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1)
  );
});
process.stdin.resume();
