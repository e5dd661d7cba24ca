/**
 * A scriptable, real loopback JSON-RPC 2.0 over HTTP(S) server for tests.
 *
 * <p>It is built on the JDK's own {@code com.sun.net.httpserver} and Jackson only, and it
 * deliberately knows nothing about the client library: the client's own tests depend on this
 * module, so a dependency back would be a cycle.
 *
 * <pre>{@code
 * try (MockJsonRpcServer server = MockJsonRpcServer.start()) {
 *     server.method("add", params -> IntNode.valueOf(params.get(0).asInt() + params.get(1).asInt()));
 *     server.enqueue(MockReply.status(503));          // the first request gets a 503 ...
 *     // ... point a client at server.uri() ...
 *     RecordedRequest first = server.takeRequest();   // ... and every request is recorded
 * }
 * }</pre>
 *
 * <p>Everything in {@code io.jsonrpcclient.testing.internal} is an implementation detail.
 */
package io.jsonrpcclient.testing;
