/**
 * jsonrpcclient core: the JSON-RPC 2.0 message model, the pure codec, the client, the transport
 * SPI and the HTTP transport.
 * <pre>{@code
 * try (JsonRpcClient client = JsonRpcClient.http("http://127.0.0.1:8080/")) {
 *     int sum = client.request(Integer.class, "add", 1, 2);
 * }
 * }</pre>
 */
module io.jsonrpcclient {
    requires transitive com.fasterxml.jackson.databind;
    requires transitive java.net.http;
    requires org.slf4j;

    exports io.jsonrpcclient;
    exports io.jsonrpcclient.transport;
    exports io.jsonrpcclient.http;
    exports io.jsonrpcclient.websocket;
    exports io.jsonrpcclient.stream;
    // io.jsonrpcclient.internal is not exported: it may change in any release.
}
