package io.jsonrpcclient.benchmarks.engines;

import io.jsonrpcclient.http.HttpEngine;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * Candidate engine: Jetty 12's HTTP client (non-blocking), HTTP/1.1, 64 connections per
 * destination, no redirects; the body limit enforced while buffering.
 */
public final class JettyEngine implements HttpEngine {

    private final HttpClient client = new HttpClient();

    public JettyEngine() {
        client.setFollowRedirects(false);
        client.setMaxConnectionsPerDestination(64);
        client.setConnectTimeout(10_000);
        client.setUserAgentField(null);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the Jetty client", e);
        }
    }

    @Override
    public CompletableFuture<Response> post(Request request) {
        var future = new CompletableFuture<Response>();
        String contentType = request.headers().getOrDefault("Content-Type", "application/json");
        client.newRequest(request.uri())
                .method(HttpMethod.POST)
                .headers(h -> request.headers().forEach((name, value) -> {
                    if (!name.equalsIgnoreCase("Content-Type")) {
                        h.put(name, value);
                    }
                }))
                .body(new BytesRequestContent(contentType, request.body()))
                .timeout(request.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .send(new BufferingResponseListener((int) Math.min(Integer.MAX_VALUE, request.maxResponseBytes())) {
                    @Override
                    public void onComplete(Result result) {
                        if (result.isFailed()) {
                            Throwable failure = result.getFailure();
                            if (failure instanceof TimeoutException) {
                                var t = new HttpTimeoutException("request timed out");
                                t.initCause(failure);
                                failure = t;
                            } else if (failure instanceof IllegalArgumentException tooLarge
                                    && String.valueOf(tooLarge.getMessage()).contains("Buffering capacity")) {
                                failure = new ResponseTooLargeException(request.maxResponseBytes(), -1);
                            }
                            future.completeExceptionally(failure);
                            return;
                        }
                        var r = result.getResponse();
                        future.complete(new Response(r.getStatus(), r.getReason() == null ? "" : r.getReason(),
                                headers(r.getHeaders()), getContent(), r.getVersion().asString()));
                    }
                });
        return future;
    }

    private static Map<String, List<String>> headers(HttpFields fields) {
        var map = new HashMap<String, List<String>>();
        for (HttpField f : fields) {
            map.computeIfAbsent(f.getName(), k -> new ArrayList<>(1)).add(f.getValue());
        }
        return map;
    }

    @SuppressWarnings("unused")
    private static final HttpHeader KEEP = HttpHeader.CONTENT_TYPE;

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception ignored) {
            // best effort
        }
    }
}
