package io.jsonrpcclient.internal;

import io.jsonrpcclient.http.HttpEngine;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link HttpEngine} on the JDK's {@code java.net.http.HttpClient}: no dependency, HTTP/1.1
 * and HTTP/2, non-blocking. The client is shared; closing the engine closes it only when the
 * engine created it.
 */
public final class JdkHttpEngine implements HttpEngine {

    private final HttpClient client;
    private final boolean owned;

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
        return client.sendAsync(builder.build(), new LimitedBodyHandler(request.maxResponseBytes()))
                .thenApply(r -> new Response(r.statusCode(), HttpReasons.of(r.statusCode()), r.headers().map(),
                        r.body(), r.version() == HttpClient.Version.HTTP_2 ? "HTTP/2" : "HTTP/1.1"));
    }

    @Override
    public void close() {
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
