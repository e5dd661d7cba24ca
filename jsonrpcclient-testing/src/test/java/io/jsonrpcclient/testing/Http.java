package io.jsonrpcclient.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** The JDK HTTP client, set up so that no test call can wait forever. */
final class Http {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    // One client for the plain helpers: each HttpClient owns a selector thread.
    private static final HttpClient SHARED = client();

    private Http() {}

    static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static HttpClient client(SSLContext sslContext) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .sslContext(sslContext)
                .build();
    }

    static HttpRequest post(URI uri, String body) {
        return post(uri, body, REQUEST_TIMEOUT);
    }

    static HttpRequest post(URI uri, String body, Duration timeout) {
        return HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postString(MockJsonRpcServer server, String body)
            throws IOException, InterruptedException {
        return send(SHARED, post(server.uri(), body));
    }
}
