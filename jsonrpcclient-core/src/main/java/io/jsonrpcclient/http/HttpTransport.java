package io.jsonrpcclient.http;

import io.jsonrpcclient.CallOptions;
import io.jsonrpcclient.RequestTimeoutException;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.internal.Durations;
import io.jsonrpcclient.internal.Futures;
import io.jsonrpcclient.internal.HttpReasons;
import io.jsonrpcclient.internal.JdkHttpEngine;
import io.jsonrpcclient.internal.JsonText;
import io.jsonrpcclient.internal.Redaction;
import io.jsonrpcclient.internal.ReplyDecoder;
import io.jsonrpcclient.internal.SocketHttpEngine;
import io.jsonrpcclient.internal.TlsContexts;
import io.jsonrpcclient.transport.Exchange;
import io.jsonrpcclient.transport.Transport;
import io.jsonrpcclient.transport.TransportResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * JSON-RPC over HTTP(S): each message is a {@code POST} with {@code Content-Type: application/json},
 * its reply the response body. Immutable and thread-safe; share one per server.
 *
 * <p>Headers, basic auth and bearer tokens set here apply to every call; {@link CallOptions}
 * given to {@link io.jsonrpcclient.JsonRpcClient#with(CallOptions)} override them header by header.
 * Credentials in the URL ({@code https://user:pass@host/}) become basic auth and never appear
 * in {@link #endpoint()}, logs or exceptions.
 *
 * <p>A non-2xx status whose body is a JSON-RPC response is read as one (many servers answer errors
 * with 400 or 500); otherwise the call fails with {@link TransportException} carrying the status,
 * the reason and the start of the body. TLS certificates and host names are verified unless
 * {@link Builder#insecureSkipTlsVerification()} is called.
 * <pre>{@code
 * HttpTransport transport = HttpTransport.newBuilder(URI.create("https://node.example/rpc"))
 *         .bearerToken(System.getenv("NODE_TOKEN"))
 *         .trustCertificates(Path.of("ca.pem"))
 *         .connectTimeout(Duration.ofSeconds(5))
 *         .build();
 * JsonRpcClient client = JsonRpcClient.newBuilder(transport).build();
 * }</pre>
 *
 * @since 0.1
 */
public final class HttpTransport implements Transport {

    /** The default time allowed to open a connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final URI uri;
    private final String endpoint;
    private final CallOptions defaults;
    private final HttpEngine engine;

    private HttpTransport(URI uri, String endpoint, CallOptions defaults, HttpEngine engine) {
        this.uri = uri;
        this.endpoint = endpoint;
        this.defaults = defaults;
        this.engine = engine;
    }

    /** {@return a transport to the URL with every default} */
    public static HttpTransport of(URI uri) {
        return newBuilder(uri).build();
    }

    /** {@return a builder for a transport to the URL} */
    public static Builder newBuilder(URI uri) {
        return new Builder(uri);
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    /** {@return the headers sent with every call; secret values are included, so do not log them} */
    public CallOptions defaults() {
        return defaults;
    }

    @Override
    public CompletableFuture<TransportResponse> exchange(Exchange exchange) {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json");
        CallOptions merged = defaults.mergedWith(exchange.options());
        merged.headers().forEach((name, value) -> {
            headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
            headers.put(name, value);
        });
        var request = new HttpEngine.Request(uri, headers, exchange.body(), exchange.timeout(),
                exchange.maxResponseBytes(), exchange.callerWaits());
        CompletableFuture<HttpEngine.Response> sent;
        try {
            sent = engine.post(request);
        } catch (IllegalArgumentException e) {
            // e.g. a header the HTTP library forbids (Host, Connection): the caller's mistake, not the network's.
            throw new IllegalArgumentException("the HTTP client refused the request: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<TransportResponse> reply = sent.handle((response, error) -> {
            if (error != null) {
                throw new CompletionException(translate(Futures.cause(error), exchange.timeout()));
            }
            return toTransportResponse(response);
        });
        // Cancelling a dependent stage does not reach its source: pass a caller's cancel (or the
        // client's timeout) on to the engine, which then aborts the exchange and frees the connection.
        CompletableFuture<HttpEngine.Response> posted = sent;
        reply.whenComplete((response, error) -> {
            if (error != null) {
                posted.cancel(true);
            }
        });
        return reply;
    }

    private static TransportResponse toTransportResponse(HttpEngine.Response response) {
        TransportResponse reply = TransportResponse.of(response.body())
                .withAttribute("http_code", response.status())
                .withAttribute("http_reason", response.reason())
                .withAttribute("http_headers", Redaction.headers(response.headers()))
                .withAttribute("http_protocol", response.protocol());
        if (response.status() / 100 != 2) {
            reply = reply.withFailure(new TransportException(response.status(), response.reason(),
                    JsonText.excerpt(response.body(), JsonText.EXCERPT_CHARS)));
        }
        return reply;
    }

    private RuntimeException translate(Throwable error, Duration timeout) {
        if (error instanceof io.jsonrpcclient.JsonRpcClientException already) {
            return already;
        }
        if (error instanceof HttpEngine.ResponseTooLargeException tooLarge) {
            return ReplyDecoder.tooLarge(tooLarge.announced(), tooLarge.limit());
        }
        if (error instanceof HttpConnectTimeoutException) {
            return new TransportException("could not connect to " + endpoint + " in time", error);
        }
        if (error instanceof HttpTimeoutException || error instanceof TimeoutException) {
            return new RequestTimeoutException(timeout, error);
        }
        if (error instanceof java.net.UnknownHostException
                || (error instanceof ConnectException && error.getCause() instanceof UnresolvedAddressException)) {
            return new TransportException("could not connect to " + endpoint + ": unknown host", error);
        }
        if (error instanceof ConnectException) {
            return new TransportException("could not connect to " + endpoint + ": connection refused", error);
        }
        if (error instanceof SSLException) {
            return new TransportException("TLS failed with " + endpoint + ": " + error.getMessage()
                    + " (to trust a private CA, give its PEM file)", error);
        }
        if (error instanceof IOException) {
            String what = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
            return new TransportException("I/O error talking to " + endpoint + ": " + what, error);
        }
        if (error instanceof java.util.concurrent.CancellationException) {
            return new TransportException("the call was cancelled", error);
        }
        return new TransportException("HTTP exchange failed: " + error, error);
    }

    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "HttpTransport[" + endpoint + "]";
    }

    /** Builds an {@link HttpTransport}. Not thread-safe. */
    public static final class Builder {
        private final URI uri;
        private final CallOptions.Builder defaults = CallOptions.newBuilder();
        private Duration connectTimeout;
        private ProxySelector proxy;
        private SSLContext sslContext;
        private String sslSource;
        private HttpClient.Version version;
        private HttpClient httpClient;
        private HttpEngine engine;

        private Builder(URI uri) {
            Objects.requireNonNull(uri, "uri");
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("an HTTP transport needs an http:// or https:// URL, got " + uri);
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("the URL has no host: " + uri);
            }
            this.uri = uri;
            String userInfo = uri.getRawUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
                String password = colon < 0 ? "" : userInfo.substring(colon + 1);
                defaults.basicAuth(URLDecoder.decode(user, StandardCharsets.UTF_8),
                        URLDecoder.decode(password, StandardCharsets.UTF_8));
            }
        }

        /**
         * Sends a header with every call.
         *
         * @param name  the name
         * @param value the value
         * @return this builder
         */
        public Builder header(String name, String value) {
            defaults.header(name, value);
            return this;
        }

        /**
         * Sends basic authentication with every call.
         *
         * @param user     the user
         * @param password the password
         * @return this builder
         */
        public Builder basicAuth(String user, String password) {
            defaults.basicAuth(user, password);
            return this;
        }

        /**
         * Sends a bearer token with every call.
         *
         * @param token the token
         * @return this builder
         */
        public Builder bearerToken(String token) {
            defaults.bearerToken(token);
            return this;
        }

        /**
         * Sets how long opening a connection may take (default 10 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Durations.requirePositive(timeout, "connect timeout");
            return this;
        }

        /**
         * Routes calls through a proxy, e.g. {@code ProxySelector.of(new InetSocketAddress("proxy", 3128))}.
         *
         * @param proxy the proxy selector
         * @return this builder
         */
        public Builder proxy(ProxySelector proxy) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
            return this;
        }

        /**
         * Uses a caller's TLS context (client certificates, a custom trust store).
         *
         * @param context the context
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            return tls(Objects.requireNonNull(context, "context"), "sslContext");
        }

        /**
         * Trusts exactly the CA certificates in a PEM file, instead of the JDK's trust store;
         * host names are still checked. Python's {@code verify='/path/to/ca.pem'}.
         *
         * @param pemFile the file
         * @return this builder
         * @throws IllegalArgumentException if the file holds no readable certificate
         */
        public Builder trustCertificates(Path pemFile) {
            return tls(TlsContexts.trusting(Objects.requireNonNull(pemFile, "pemFile")), "trustCertificates");
        }

        /**
         * Turns off TLS certificate and host name verification. Anyone on the network path can then
         * read and change the calls, credentials included. For local experiments only.
         *
         * @return this builder
         */
        public Builder insecureSkipTlsVerification() {
            return tls(TlsContexts.trustingEverything(), "insecureSkipTlsVerification");
        }

        private Builder tls(SSLContext context, String source) {
            if (sslSource != null && !sslSource.equals(source)) {
                throw new IllegalStateException(source + " conflicts with " + sslSource + ": choose one");
            }
            this.sslContext = context;
            this.sslSource = source;
            return this;
        }

        /**
         * Chooses the HTTP version: {@code HTTP_1_1} (the default, understood by every server, spoken by
         * {@link HttpEngines#socket()} unless a proxy is in play) or {@code HTTP_2} (on
         * {@code java.net.http}: negotiated by ALPN over TLS, by upgrade over plain HTTP, falling back to 1.1).
         *
         * @param version the version
         * @return this builder
         */
        public Builder version(HttpClient.Version version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /**
         * Uses a caller's {@link HttpClient}, configured as they wish. Not combinable with the
         * connect timeout, proxy, TLS and version settings here, which belong to the client.
         * The transport does not close it.
         *
         * @param client the client
         * @return this builder
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Uses another HTTP library. Not combinable with the settings of the JDK client.
         *
         * @param engine the engine; closed with the transport
         * @return this builder
         */
        public Builder engine(HttpEngine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /**
         * Builds the transport.
         *
         * @return the transport
         * @throws IllegalStateException if settings conflict
         */
        public HttpTransport build() {
            boolean clientSettings = connectTimeout != null || proxy != null || sslContext != null || version != null;
            if ((httpClient != null || engine != null) && clientSettings) {
                throw new IllegalStateException("connectTimeout, proxy, TLS and version configure the built-in"
                        + " HttpClient; with httpClient(...) or engine(...) configure that instead");
            }
            if (httpClient != null && engine != null) {
                throw new IllegalStateException("choose httpClient(...) or engine(...), not both");
            }
            HttpEngine chosen = engine;
            if (chosen == null && httpClient != null) {
                chosen = new JdkHttpEngine(httpClient, false);
            }
            if (chosen == null && (version == null || version == HttpClient.Version.HTTP_1_1) && proxy == null
                    && direct(uri)) {
                // The fastest engine measured (docs/BENCHMARKS.md); java.net.http stays for HTTP/2 and proxies.
                chosen = new SocketHttpEngine(connectTimeout != null ? connectTimeout : DEFAULT_CONNECT_TIMEOUT,
                        sslContext);
            }
            if (chosen == null) {
                HttpClient.Builder client = HttpClient.newBuilder()
                        .connectTimeout(connectTimeout != null ? connectTimeout : DEFAULT_CONNECT_TIMEOUT)
                        .version(version != null ? version : HttpClient.Version.HTTP_1_1)
                        .followRedirects(HttpClient.Redirect.NEVER);
                if (proxy != null) {
                    client.proxy(proxy);
                }
                if (sslContext != null) {
                    client.sslContext(sslContext);
                }
                chosen = new JdkHttpEngine(client.build(), true);
            }
            return new HttpTransport(withoutUserInfo(uri), endpointOf(uri), defaults.build(), chosen);
        }

        /** {@return true if the JVM's default proxy selector sends this URI's traffic direct, as java.net.http would ask it} */
        private static boolean direct(URI uri) {
            ProxySelector selector = ProxySelector.getDefault();
            if (selector == null) {
                return true;
            }
            for (Proxy p : selector.select(withoutUserInfo(uri))) {
                if (p.type() != Proxy.Type.DIRECT) {
                    return false;
                }
            }
            return true;
        }

        private static URI withoutUserInfo(URI uri) {
            if (uri.getRawUserInfo() == null) {
                return uri;
            }
            return URI.create(uri.toString().replace(uri.getRawUserInfo() + "@", ""));
        }

        private static String endpointOf(URI uri) {
            return withoutUserInfo(uri).toString();
        }
    }
}
