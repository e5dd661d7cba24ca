package io.jsonrpcclient.internal;

import io.jsonrpcclient.http.HttpEngine;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@link HttpEngine} on the JDK's {@code java.net.http.HttpClient}: no dependency, HTTP/1.1
 * and HTTP/2, non-blocking. The client is shared; closing the engine closes it only when the
 * engine created it.
 */
public final class JdkHttpEngine implements HttpEngine {

    private final HttpClient client;
    private final boolean owned;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

    /**
     * Wraps a client.
     *
     * @param client the client
     * @param owned  whether closing this engine may release the client
     */
    public JdkHttpEngine(HttpClient client, boolean owned) {
        this.client = client;
        this.owned = owned;
    }

    @Override
    public CompletableFuture<Response> post(Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
                .timeout(request.timeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            builder.header(header.getKey(), header.getValue());
        }
        CompletableFuture<HttpResponse<byte[]>> exchange =
                client.sendAsync(builder.build(), new LimitedBodyHandler(request.maxResponseBytes()));
        inFlight.add(exchange);
        // java.net.http's request timeout stops once the response headers arrive, so bound the body
        // too. orTimeout cancels its timer when the call completes first, so nothing piles up.
        CompletableFuture<Response> result = exchange
                .thenApply(JdkHttpEngine::toResponse)
                .orTimeout(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((response, error) -> {
            inFlight.remove(exchange);
            if (error != null) {
                // Only cancelling the future sendAsync returned aborts the exchange and frees its connection.
                exchange.cancel(true);
            }
        });
        return result;
    }

    private static Response toResponse(HttpResponse<byte[]> r) {
        return new Response(r.statusCode(), HttpReasons.of(r.statusCode()), r.headers().map(), r.body(),
                r.version() == HttpClient.Version.HTTP_2 ? "HTTP/2" : "HTTP/1.1");
    }

    @Override
    public void close() {
        // Exchanges in flight fail, as Transport.close() promises; HttpClient.close() (JDK 21+) would wait for them.
        for (CompletableFuture<?> exchange : inFlight) {
            exchange.cancel(true);
        }
        // HttpClient is AutoCloseable from JDK 21 on; on 17 its threads end once it is unreachable.
        if (owned && client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // Closing is best effort: nothing more can be done with a client that failed to close.
            }
        }
    }
}
