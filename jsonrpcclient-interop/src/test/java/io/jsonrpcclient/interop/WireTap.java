package io.jsonrpcclient.interop;

import io.jsonrpcclient.transport.Exchange;
import io.jsonrpcclient.transport.Transport;
import io.jsonrpcclient.transport.TransportResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A transport that records what went over the wire through another one: the exact bytes sent,
 * the HTTP status and the exact bytes received. Built on the public transport SPI, so the tests
 * see what a peer really answered (status codes included) without touching the client.
 */
final class WireTap implements Transport {

    /**
     * One exchange as seen on the wire.
     *
     * @param sent     the request text
     * @param status   the HTTP status, or -1 when the transport reported none
     * @param received the reply text (empty for none)
     */
    record Exchanged(String sent, int status, String received) {
    }

    private final Transport delegate;
    private final List<Exchanged> exchanged = new CopyOnWriteArrayList<>();

    WireTap(Transport delegate) {
        this.delegate = delegate;
    }

    @Override
    public String endpoint() {
        return delegate.endpoint();
    }

    @Override
    public CompletableFuture<TransportResponse> exchange(Exchange exchange) {
        return delegate.exchange(exchange).thenApply(response -> {
            Object status = response.attributes().get("http_code");
            exchanged.add(new Exchanged(new String(exchange.body(), StandardCharsets.UTF_8),
                    status instanceof Integer code ? code : -1,
                    new String(response.body(), StandardCharsets.UTF_8)));
            return response;
        });
    }

    /** {@return the last exchange that got an answer} */
    Exchanged last() {
        if (exchanged.isEmpty()) {
            throw new AssertionError("nothing was exchanged");
        }
        return exchanged.get(exchanged.size() - 1);
    }

    /** {@return every exchange that got an answer, oldest first} */
    List<Exchanged> all() {
        return new ArrayList<>(exchanged);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
