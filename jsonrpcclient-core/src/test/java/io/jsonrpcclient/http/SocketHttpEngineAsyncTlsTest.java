package io.jsonrpcclient.http;

import static io.jsonrpcclient.http.SocketHttpEngineAsyncTest.failure;
import static io.jsonrpcclient.http.SocketHttpEngineAsyncTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.internal.SocketHttpEngine;
import io.jsonrpcclient.testing.SelfSignedCertificate;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The socket engine's non-blocking path over {@code https://}: async calls through an
 * {@code SSLEngine} on the selector thread, against real loopback TLS servers.
 */
@Timeout(60)
class SocketHttpEngineAsyncTlsTest {

    private static final Duration LONG = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    private static SelfSignedCertificate certificate;

    @BeforeAll
    static void makeCertificate() {
        certificate = SelfSignedCertificate.generate(dir);
    }

    @AfterAll
    static void forget() {
        certificate = null;
    }

    private static HttpEngine engine(int maxConnections) {
        return new SocketHttpEngine(Duration.ofSeconds(10), certificate.clientContextTrustingIt(), maxConnections);
    }

    private static CompletableFuture<HttpEngine.Response> post(HttpEngine engine, java.net.URI uri, String body,
            Duration timeout) {
        return SocketHttpEngineAsyncTest.post(engine, uri, body, timeout, 16 << 20);
    }

    /** Answers each request with its own body, after a pause that lets calls overlap. */
    private static RawHttpServer.RequestHandler echoCounting(AtomicInteger inFlight, AtomicInteger most) {
        return (connection, request) -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            connection.respond(200, "OK", "application/json", request.bodyText());
        };
    }

    @Test
    void asyncCallsGoOverAtMostTheCappedTlsConnectionsEachGettingItsOwnAnswer() throws Exception {
        var inFlight = new AtomicInteger();
        var most = new AtomicInteger();
        try (RawHttpServer server = RawHttpServer.serveEachTls(certificate.serverContext(), echoCounting(inFlight, most));
                HttpEngine engine = engine(2)) {
            List<CompletableFuture<HttpEngine.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                calls.add(post(engine, server.uri(), "{\"n\":" + i + "}", LONG));
            }
            for (int i = 0; i < 12; i++) {
                assertThat(text(calls.get(i))).isEqualTo("{\"n\":" + i + "}");
            }
            // The selector's cap holds over TLS too: no thread per call.
            assertThat(most.get()).isBetween(1, 2);
            assertThat(server.connectionCount()).isEqualTo(2);
        }
    }

    @Test
    void sequentialCallsReuseOneTlsConnection() throws Exception {
        try (RawHttpServer server = RawHttpServer.serveEachTls(certificate.serverContext(),
                (connection, request) -> connection.respond(200, "OK", "application/json", request.bodyText()));
                HttpEngine engine = engine(64)) {
            for (int i = 0; i < 5; i++) {
                assertThat(text(post(engine, server.uri(), "[" + i + "]", LONG))).isEqualTo("[" + i + "]");
                // An idle pause, so that the TLS 1.3 session tickets arrive on the idle connection.
                Thread.sleep(50);
            }
            assertThat(server.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void aReplyLargerThanManyTlsRecordsArrivesWhole() throws Exception {
        String big = "\"" + "x".repeat(300_000) + "\"";
        try (RawHttpServer server = RawHttpServer.serveEachTls(certificate.serverContext(),
                (connection, request) -> connection.respond(200, "OK", "application/json", request.bodyText()));
                HttpEngine engine = engine(64)) {
            assertThat(text(post(engine, server.uri(), big, LONG))).isEqualTo(big);
        }
    }

    @Test
    void aBodyEndedByTheServersCloseIsReadToItsEndAndItsConnectionNotReused() throws Exception {
        try (RawHttpServer server = RawHttpServer.startTls(certificate.serverContext(), connection -> {
            connection.readRequest();
            // No Content-Length: the body ends where the server closes (close_notify, then the end).
            connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"closed\":");
            connection.write("true}");
            connection.close();
        });
                HttpEngine engine = engine(64)) {
            assertThat(text(post(engine, server.uri(), "x", LONG))).isEqualTo("{\"closed\":true}");
            assertThat(text(post(engine, server.uri(), "y", LONG))).isEqualTo("{\"closed\":true}");
            assertThat(server.connectionCount()).isEqualTo(2);
        }
    }

    @Test
    void anUntrustedCertificateFailsTheAsyncCallAsTlsDoes() throws Exception {
        try (RawHttpServer server = RawHttpServer.serveEachTls(certificate.serverContext(),
                (connection, request) -> connection.respond(200, "OK", "application/json", request.bodyText()));
                JsonRpcClient client = JsonRpcClient.newBuilder(HttpTransport.newBuilder(server.uri())
                        .engine(HttpEngines.socket()).build()).build()) {
            Throwable error = failure(client.requestAsync(Integer.class, "add", 1, 2));

            assertThat(error).isInstanceOf(TransportException.class);
            assertThat(error.getMessage()).startsWith("TLS failed with " + server.uri() + ": ");
            assertThat(error.getCause()).isInstanceOf(SSLException.class);
        }
    }

    @Test
    void theCertificateChecksRunOffTheSelectorThread() throws Exception {
        var checkedOn = new java.util.concurrent.CopyOnWriteArrayList<String>();
        javax.net.ssl.SSLContext recording = recordingTrust(certificate, checkedOn);
        try (RawHttpServer server = RawHttpServer.serveEachTls(certificate.serverContext(),
                (connection, request) -> connection.respond(200, "OK", "application/json", request.bodyText()));
                HttpEngine engine = new SocketHttpEngine(Duration.ofSeconds(10), recording, 64)) {
            assertThat(text(post(engine, server.uri(), "[1]", LONG))).isEqualTo("[1]");

            // Checked, and not where the other connections' I/O would wait for it.
            assertThat(checkedOn).isNotEmpty().allSatisfy(thread ->
                    assertThat(thread).doesNotStartWith("jsonrpcclient-http-selector-"));
        }
    }

    /** {@return a client context trusting the certificate that notes the thread of each server check} */
    private static javax.net.ssl.SSLContext recordingTrust(SelfSignedCertificate trusted, List<String> threads)
            throws Exception {
        var factory = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        var store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        store.load(null, null);
        try (var in = java.nio.file.Files.newInputStream(trusted.certificatePem())) {
            store.setCertificateEntry("server", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        factory.init(store);
        var delegate = (javax.net.ssl.X509ExtendedTrustManager) factory.getTrustManagers()[0];
        var noting = new javax.net.ssl.X509ExtendedTrustManager() {
            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String auth, javax.net.ssl.SSLEngine engine)
                    throws java.security.cert.CertificateException {
                threads.add(Thread.currentThread().getName());
                delegate.checkServerTrusted(chain, auth, engine);
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String auth, java.net.Socket socket)
                    throws java.security.cert.CertificateException {
                threads.add(Thread.currentThread().getName());
                delegate.checkServerTrusted(chain, auth, socket);
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String auth)
                    throws java.security.cert.CertificateException {
                threads.add(Thread.currentThread().getName());
                delegate.checkServerTrusted(chain, auth);
            }

            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String auth, javax.net.ssl.SSLEngine engine)
                    throws java.security.cert.CertificateException {
                delegate.checkClientTrusted(chain, auth, engine);
            }

            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String auth, java.net.Socket socket)
                    throws java.security.cert.CertificateException {
                delegate.checkClientTrusted(chain, auth, socket);
            }

            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String auth)
                    throws java.security.cert.CertificateException {
                delegate.checkClientTrusted(chain, auth);
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return delegate.getAcceptedIssuers();
            }
        };
        var context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {noting}, null);
        return context;
    }

    @Test
    void aTrustedCertificateForAnotherHostFailsTheCall() throws Exception {
        var elsewhere = SelfSignedCertificate.generateFor(dir, "dns:elsewhere.invalid");
        try (RawHttpServer server = RawHttpServer.serveEachTls(elsewhere.serverContext(),
                (connection, request) -> connection.respond(200, "OK", "application/json", request.bodyText()));
                HttpEngine engine = new SocketHttpEngine(Duration.ofSeconds(10), elsewhere.clientContextTrustingIt(), 64)) {
            Throwable error = failure(post(engine, server.uri(), "x", LONG));

            // Trusted, but not issued for 127.0.0.1: the host name check refuses it.
            assertThat(error).isInstanceOf(SSLException.class).hasMessageContaining("127.0.0.1");
        }
    }

    @Test
    void aServerThatNeverAnswersTheHandshakeTimesOutTheCallAndItsConnectionIsClosed() throws Exception {
        var hungUp = new CompletableFuture<Boolean>();
        // A plain server reading what comes (the ClientHello) and answering nothing.
        try (RawHttpServer silent = RawHttpServer.start(connection -> hungUp.complete(connection.awaitClientClose(LONG)));
                HttpEngine engine = engine(64)) {
            var uri = java.net.URI.create("https://127.0.0.1:" + silent.uri().getPort() + "/");

            assertThat(failure(post(engine, uri, "x", Duration.ofMillis(300))))
                    .isInstanceOf(HttpTimeoutException.class).hasMessage("request timed out");
            assertThat(hungUp.get(30, TimeUnit.SECONDS)).as("the connection was closed").isTrue();
        }
    }

    @Test
    void aServerThatHangsUpInTheHandshakeFailsTheCallPromptly() throws Exception {
        try (RawHttpServer rude = RawHttpServer.start(connection -> { });
                HttpEngine engine = engine(64)) {
            var uri = java.net.URI.create("https://127.0.0.1:" + rude.uri().getPort() + "/");

            assertThat(failure(post(engine, uri, "x", LONG))).isInstanceOf(SSLException.class);
        }
    }

    @Test
    void aClientCallOverHttpsGetsItsResult() throws Exception {
        try (RawHttpServer server = RawHttpServer.serveEachTls(certificate.serverContext(), (connection, request) ->
                connection.respond(200, "OK", "application/json",
                        "{\"jsonrpc\":\"2.0\",\"result\":5,\"id\":" + request.bodyText().replaceAll(".*\"id\":(\\d+).*", "$1") + "}"));
                JsonRpcClient client = JsonRpcClient.newBuilder(HttpTransport.newBuilder(server.uri())
                        .engine(HttpEngines.socket(certificate.clientContextTrustingIt())).build()).build()) {
            assertThat(client.requestAsync(Integer.class, "add", 2, 3).get(30, TimeUnit.SECONDS)).isEqualTo(5);
        }
    }

    @Test
    void pipeliningWorksOverTls() throws Exception {
        try (RawHttpServer raw = RawHttpServer.startTls(certificate.serverContext(),
                SocketHttpEnginePipeliningTest.readThenAnswer(3));
                HttpEngine engine = pipelining(1, 3)) {
            SocketHttpEnginePipeliningTest.threeAtOnceThenOneMore(raw, engine);
        }
    }

    @Test
    void aPipeliningConnectionReadsRepliesWhileItWaitsToWriteTheRequestsBehind() throws Exception {
        int size = 24 << 20;
        try (RawHttpServer raw = RawHttpServer.startTls(certificate.serverContext(),
                SocketHttpEnginePipeliningTest.bigReplyBeforeReadingOn(size));
                HttpEngine engine = pipelining(1, 2)) {
            SocketHttpEnginePipeliningTest.bigBothWays(raw, engine, size);
        }
    }

    private static HttpEngine pipelining(int maxConnections, int depth) {
        return new SocketHttpEngine(Duration.ofSeconds(10), certificate.clientContextTrustingIt(), maxConnections, depth);
    }
}
