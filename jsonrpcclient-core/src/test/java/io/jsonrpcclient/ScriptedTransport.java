package io.jsonrpcclient;

import io.jsonrpcclient.transport.Exchange;
import io.jsonrpcclient.transport.Transport;
import io.jsonrpcclient.transport.TransportResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A transport whose every exchange waits for the test to answer it: the test takes the next
 * {@link Pending} exchange, looks at its future (was it cancelled?) and completes it when it likes.
 */
final class ScriptedTransport implements Transport {

    /** One exchange the client started, and the future the transport returned for it. */
    record Pending(Exchange exchange, CompletableFuture<TransportResponse> future) {
        /** Answers the exchange with a reply body. */
        void reply(String json) {
            future.complete(TransportResponse.of(json.getBytes(StandardCharsets.UTF_8)));
        }

        /** {@return the sent message as text} */
        String body() {
            return new String(exchange.body(), StandardCharsets.UTF_8);
        }
    }

    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();

    @Override
    public String endpoint() {
        return "scripted:";
    }

    @Override
    public CompletableFuture<TransportResponse> exchange(Exchange exchange) {
        var future = new CompletableFuture<TransportResponse>();
        pending.add(new Pending(exchange, future));
        return future;
    }

    /** {@return the oldest exchange not yet taken, waiting at most five seconds for one} */
    Pending next() throws InterruptedException {
        Pending next = pending.poll(5, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("the client started no exchange within 5s");
        }
        return next;
    }
}
