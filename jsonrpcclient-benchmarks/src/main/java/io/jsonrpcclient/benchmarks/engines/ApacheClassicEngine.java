package io.jsonrpcclient.benchmarks.engines;

import io.jsonrpcclient.http.HttpEngine;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * Candidate engine: Apache HttpClient 5 classic (blocking, on the calling thread), pooled
 * connections (64 per route), no automatic retries (a POST is never sent twice), no redirects.
 */
public final class ApacheClassicEngine implements HttpEngine {

    private final CloseableHttpClient client;
    private volatile Map.Entry<Duration, RequestConfig> config = Map.entry(Duration.ZERO, RequestConfig.DEFAULT);

    public ApacheClassicEngine() {
        client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnPerRoute(64)
                        .setMaxConnTotal(64)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(10)).build())
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .build();
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
        var post = new HttpPost(request.uri());
        post.setConfig(configFor(request.timeout()));
        request.headers().forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(request.body(), null));
        try {
            return CompletableFuture.completedFuture(client.execute(post, response -> {
                HttpEntity entity = response.getEntity();
                if (entity != null && entity.getContentLength() > request.maxResponseBytes()) {
                    throw new ResponseTooLargeException(request.maxResponseBytes(), entity.getContentLength());
                }
                byte[] body = entity == null ? new byte[0]
                        : EntityUtils.toByteArray(entity, (int) Math.min(Integer.MAX_VALUE, request.maxResponseBytes()));
                return new Response(response.getCode(), response.getReasonPhrase(), headers(response.getHeaders()),
                        body, response.getVersion().format());
            }));
        } catch (java.net.SocketTimeoutException e) {
            var t = new HttpTimeoutException("request timed out");
            t.initCause(e);
            return CompletableFuture.failedFuture(t);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static Map<String, List<String>> headers(Header[] all) {
        var map = new HashMap<String, List<String>>();
        for (Header h : all) {
            map.computeIfAbsent(h.getName(), k -> new ArrayList<>(1)).add(h.getValue());
        }
        return map;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // best effort
        }
    }
}
