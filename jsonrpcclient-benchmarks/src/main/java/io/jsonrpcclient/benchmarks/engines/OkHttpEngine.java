package io.jsonrpcclient.benchmarks.engines;

import io.jsonrpcclient.http.HttpEngine;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;

/**
 * Candidate engine: OkHttp 4 (blocking {@code execute()} on the calling thread), HTTP/1.1,
 * a pool of 64 idle connections, no redirects, no silent retry of a POST.
 */
public final class OkHttpEngine implements HttpEngine {

    private final OkHttpClient client = new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
            .protocols(java.util.List.of(okhttp3.Protocol.HTTP_1_1))
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false)
            .connectTimeout(10, TimeUnit.SECONDS)
            .readTimeout(0, TimeUnit.MILLISECONDS)
            .build();

    @Override
    public CompletableFuture<Response> post(Request request) {
        String contentType = "application/json";
        var builder = new okhttp3.Request.Builder().url(request.uri().toString());
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            if (h.getKey().equalsIgnoreCase("Content-Type")) {
                contentType = h.getValue();
            } else {
                builder.header(h.getKey(), h.getValue());
            }
        }
        builder.post(RequestBody.create(request.body(), MediaType.get(contentType)));
        Call call = client.newCall(builder.build());
        call.timeout().timeout(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
        try (okhttp3.Response r = call.execute()) {
            ResponseBody body = r.body();
            long announced = body == null ? 0 : body.contentLength();
            if (announced > request.maxResponseBytes()) {
                throw new ResponseTooLargeException(request.maxResponseBytes(), announced);
            }
            byte[] bytes = body == null ? new byte[0] : body.bytes();
            return CompletableFuture.completedFuture(new Response(r.code(), r.message(), r.headers().toMultimap(),
                    bytes, r.protocol() == okhttp3.Protocol.HTTP_1_0 ? "HTTP/1.0" : "HTTP/1.1"));
        } catch (InterruptedIOException e) {
            var t = new HttpTimeoutException("request timed out");
            t.initCause(e);
            return CompletableFuture.failedFuture(t);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
