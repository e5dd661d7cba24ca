package io.jsonrpcclient.interop;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback HTTP server with one file at {@code /file.bin}, recording what asked for it: aria2 downloads from it. */
final class FileServer implements AutoCloseable {

    /**
     * One request the server saw.
     *
     * @param method    the HTTP method
     * @param path      the path
     * @param userAgent the User-Agent header, or null
     */
    record Seen(String method, String path, String userAgent) {
    }

    private final HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private FileServer(byte[] content) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("User-Agent")));
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                if (!exchange.getRequestURI().getPath().equals("/file.bin")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                boolean head = exchange.getRequestMethod().equals("HEAD");
                exchange.sendResponseHeaders(200, head ? -1 : content.length);
                if (!head) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(content);
                    }
                }
            }
        });
        server.start();
    }

    static FileServer serving(byte[] content) {
        try {
            return new FileServer(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@return the URL of a path on this server} */
    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** {@return the requests seen so far} */
    List<Seen> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
