package io.jsonrpcclient.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.jsonrpcclient.testing.internal.Exchanges;
import io.jsonrpcclient.testing.internal.Json;
import io.jsonrpcclient.testing.internal.JsonRpcDispatcher;
import io.jsonrpcclient.testing.internal.ShutdownSignal;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * Handles every HTTP request of a {@link MockJsonRpcServer}: records it, then answers with the
 * next scripted reply or, when there is none, by dispatching it as JSON-RPC.
 *
 * <p>Any {@link IOException} is deliberately left to escape: the JDK server then drops the
 * connection, which is the right outcome both when the client has gone away and when a reply
 * must be cut short.
 */
final class ExchangeHandler implements HttpHandler {

    private final Queue<MockReply> script;
    private final JsonRpcDispatcher dispatcher;
    private final Consumer<RecordedRequest> recorder;
    private final ShutdownSignal shutdown;

    ExchangeHandler(
            Queue<MockReply> script,
            JsonRpcDispatcher dispatcher,
            Consumer<RecordedRequest> recorder,
            ShutdownSignal shutdown) {
        this.script = script;
        this.dispatcher = dispatcher;
        this.recorder = recorder;
        this.shutdown = shutdown;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        // Read it all before answering: a client may not read the answer until it has sent
        // everything, and the recording must hold the whole body.
        byte[] body = exchange.getRequestBody().readAllBytes();
        // The reply is claimed before the request is recorded: once takeRequest() has returned this
        // request, a later one cannot take its reply (a test that sent a second request then got
        // the first one's reply now and then).
        MockReply scripted = script.poll();
        recorder.accept(new RecordedRequest(
                exchange.getRequestMethod(), target(exchange.getRequestURI()), exchange.getRequestHeaders(), body));
        try {
            if (scripted != null) {
                scripted.writeTo(exchange, shutdown);
            } else {
                answer(exchange, dispatcher.dispatch(body));
            }
        } catch (RuntimeException bug) {
            // A failure of the mock itself must be visible to the test, not look like a network error.
            if (exchange.getResponseCode() != -1) {
                throw bug;
            }
            Exchanges.send(exchange, 500, Map.of("Content-Type", "text/plain; charset=utf-8"),
                    ("mock server failed: " + bug).getBytes(StandardCharsets.UTF_8));
        }
        exchange.close();
    }

    private static void answer(HttpExchange exchange, Optional<JsonNode> response) throws IOException {
        if (response.isPresent()) {
            Exchanges.sendJson(exchange, Json.write(response.get()));
        } else {
            Exchanges.sendNoContent(exchange);
        }
    }

    private static String target(URI uri) {
        String path = uri.getRawPath() == null ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }
}
