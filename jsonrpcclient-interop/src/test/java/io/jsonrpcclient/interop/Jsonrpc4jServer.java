package io.jsonrpcclient.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.googlecode.jsonrpc4j.DefaultHttpStatusCodeProvider;
import com.googlecode.jsonrpc4j.ErrorResolver;
import com.googlecode.jsonrpc4j.JsonRpcBasicServer;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A jsonrpc4j server for one test class, in this JVM: its {@link JsonRpcBasicServer} behind the
 * JDK's HTTP server on 127.0.0.1, a port the OS picks, stopped after the class.
 *
 * <p>The adapter does exactly what jsonrpc4j's servlet {@code JsonRpcServer} does with a POST
 * (1.7, {@code handleCommon}): content type {@code application/json-rpc}, the body from
 * {@code handleRequest(input, buffer)}, and the HTTP status from the error code it returns through
 * {@link DefaultHttpStatusCodeProvider}. So the client sees what a servlet deployment sends,
 * without a servlet container on the test class path.
 */
final class Jsonrpc4jServer implements BeforeAllCallback, AfterAllCallback {

    private final Object service;
    private final Class<?> api;
    private final ErrorResolver errorResolver;
    private HttpServer http;
    private ExecutorService threads;

    /**
     * A server of one service.
     *
     * @param service       the implementation
     * @param api           the interface it exposes (what jsonrpc4j calls the remote interface)
     * @param errorResolver how exceptions become errors; null for jsonrpc4j's default
     */
    Jsonrpc4jServer(Object service, Class<?> api, ErrorResolver errorResolver) {
        this.service = service;
        this.api = api;
        this.errorResolver = errorResolver;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        var rpc = new JsonRpcBasicServer(new ObjectMapper(), service, api);
        rpc.setShouldLogInvocationErrors(false);
        if (errorResolver != null) {
            rpc.setErrorResolver(errorResolver);
        }
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads = Executors.newFixedThreadPool(4);
        http.setExecutor(threads);
        http.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                if (!exchange.getRequestMethod().equals("POST")) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                var body = new ByteArrayOutputStream();
                int code = handle(rpc, in, body);
                exchange.getResponseHeaders().set("Content-Type", JsonRpcBasicServer.JSONRPC_CONTENT_TYPE);
                int status = DefaultHttpStatusCodeProvider.INSTANCE.getHttpStatusCode(code);
                exchange.sendResponseHeaders(status, body.size() == 0 ? -1 : body.size());
                if (body.size() > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        body.writeTo(out);
                    }
                }
            }
        });
        http.start();
    }

    /** jsonrpc4j's servlet server logs and swallows what handleRequest throws, answering with a parse error's status. */
    private static int handle(JsonRpcBasicServer rpc, InputStream in, ByteArrayOutputStream body) {
        try {
            return rpc.handleRequest(in, body);
        } catch (Throwable t) {
            return ErrorResolver.JsonError.PARSE_ERROR.code;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (http != null) {
            http.stop(0);
        }
        if (threads != null) {
            threads.shutdownNow();
            if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the jsonrpc4j server's threads did not stop");
            }
        }
    }

    /** {@return the server's URL} */
    URI uri() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
    }
}
