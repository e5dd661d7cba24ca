package io.jsonrpcclient.benchmarks.engines;

import io.jsonrpcclient.http.HttpEngine;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * Candidate engine: Apache HttpClient 5 async (non-blocking I/O reactor), HTTP/1.1 (the default
 * for cleartext {@code http://}), pooled
 * connections (64 per route), no redirects. Completes futures on the reactor's thread. The body
 * limit is checked after reading (SimpleResponseConsumer buffers all): a candidate, not a product.
 */
public final class ApacheAsyncEngine implements HttpEngine {

    private final CloseableHttpAsyncClient client;
    private volatile Map.Entry<Duration, RequestConfig> config = Map.entry(Duration.ZERO, RequestConfig.DEFAULT);

    public ApacheAsyncEngine() {
        client = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnPerRoute(64)
                        .setMaxConnTotal(64)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(10)).build())
                        .build())
                .setIOReactorConfig(IOReactorConfig.custom().setTcpNoDelay(true)
                        .setIoThreadCount(Math.max(1, Runtime.getRuntime().availableProcessors())).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .build();
        client.start();
    }

    private RequestConfig configFor(Duration timeout) {
        Map.Entry<Duration, RequestConfig> c = config;
        if (!c.getKey().equals(timeout)) {
            c = Map.entry(timeout, RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build());
            config = c;
        }
        return c.getValue();
    }

    @Override
    public CompletableFuture<Response> post(Request request) {
        SimpleRequestBuilder builder = SimpleRequestBuilder.post(request.uri())
                .setRequestConfig(configFor(request.timeout()));
        String contentType = "application/json";
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            if (h.getKey().equalsIgnoreCase("Content-Type")) {
                contentType = h.getValue();
            } else {
                builder.setHeader(h.getKey(), h.getValue());
            }
        }
        builder.setBody(request.body(), ContentType.parse(contentType));
        var future = new CompletableFuture<Response>();
        client.execute(SimpleRequestProducer.create(builder.build()), SimpleResponseConsumer.create(), null,
                new FutureCallback<SimpleHttpResponse>() {
                    @Override
                    public void completed(SimpleHttpResponse r) {
                        byte[] body = r.getBodyBytes() == null ? new byte[0] : r.getBodyBytes();
                        if (body.length > request.maxResponseBytes()) {
                            future.completeExceptionally(new ResponseTooLargeException(request.maxResponseBytes(), -1));
                            return;
                        }
                        future.complete(new Response(r.getCode(), r.getReasonPhrase(),
                                ApacheClassicEngine.headers(r.getHeaders()), body, r.getVersion().format()));
                    }

                    @Override
                    public void failed(Exception e) {
                        future.completeExceptionally(e);
                    }

                    @Override
                    public void cancelled() {
                        future.cancel(false);
                    }
                });
        return future;
    }

    @SuppressWarnings("unused")
    private static final Class<?> KEEP = BasicRequestProducer.class;

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
    }
}
