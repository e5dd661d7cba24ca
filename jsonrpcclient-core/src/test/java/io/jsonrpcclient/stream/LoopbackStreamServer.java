package io.jsonrpcclient.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A TCP server on 127.0.0.1 for tests: it reads newline-delimited requests (with the JDK's own line
 * reader, not the code under test) and hands each to a script, which answers through the peer with
 * raw bytes of its choosing.
 */
final class LoopbackStreamServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** What the server does with each line it reads. */
    interface Script {
        void onLine(String line, Peer peer) throws Exception;
    }

    /** One accepted connection. */
    static final class Peer {
        private final Socket socket;
        private final OutputStream out;
        final CountDownLatch closedByClient = new CountDownLatch(1);

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        synchronized void write(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        void close() throws IOException {
            socket.close();
        }
    }

    private final ServerSocket server;
    private final Script script;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final List<Peer> peers = new CopyOnWriteArrayList<>();

    private final boolean concatenated;

    private LoopbackStreamServer(ServerSocket server, Script script, boolean concatenated) {
        this.server = server;
        this.script = script;
        this.concatenated = concatenated;
        Thread acceptor = new Thread(this::accept, "test-stream-server-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static LoopbackStreamServer start(Script script) throws IOException {
        return new LoopbackStreamServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), script, false);
    }

    /** A server whose requests come as JSON values with no delimiter, read with Jackson's streaming parser. */
    static LoopbackStreamServer startConcatenated(Script script) throws IOException {
        return new LoopbackStreamServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), script, true);
    }

    static LoopbackStreamServer startTls(SSLContext context, Script script) throws IOException {
        return new LoopbackStreamServer(context.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress()), script, false);
    }

    /** A script that answers every request with its params as the result, one line per reply. */
    static Script echo() {
        return (line, peer) -> {
            JsonNode request = JSON.readTree(line);
            if (request.isArray()) {
                var replies = JSON.createArrayNode();
                request.forEach(r -> {
                    if (r.has("id")) {
                        replies.add(reply(r));
                    }
                });
                peer.write(replies + "\n");
            } else if (request.has("id")) {
                peer.write(reply(request) + "\n");
            }
        };
    }

    static JsonNode reply(JsonNode request) {
        var reply = JSON.createObjectNode().put("jsonrpc", "2.0");
        reply.set("result", request.get("params"));
        reply.set("id", request.get("id"));
        return reply;
    }

    int port() {
        return server.getLocalPort();
    }

    String takeLine() throws InterruptedException {
        String line = lines.poll(10, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("the server received no line within 10 s");
        }
        return line;
    }

    Peer awaitPeer() throws InterruptedException {
        for (int i = 0; i < 1000 && peers.isEmpty(); i++) {
            Thread.sleep(10);
        }
        if (peers.isEmpty()) {
            throw new AssertionError("no client connected within 10 s");
        }
        return peers.get(0);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                var peer = new Peer(socket);
                peers.add(peer);
                Thread reader = new Thread(() -> serve(socket, peer), "test-stream-peer");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, Peer peer) {
        if (concatenated) {
            serveConcatenated(socket, peer);
            return;
        }
        try (var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                script.onLine(line, peer);
            }
        } catch (Exception e) {
            // the connection went; the test decides whether that matters
        } finally {
            peer.closedByClient.countDown();
        }
    }

    private void serveConcatenated(Socket socket, Peer peer) {
        try (var values = JSON.readerFor(JsonNode.class).<JsonNode>readValues(socket.getInputStream())) {
            while (values.hasNextValue()) {
                String value = values.nextValue().toString();
                lines.add(value);
                script.onLine(value, peer);
            }
        } catch (Exception e) {
            // the connection went
        } finally {
            peer.closedByClient.countDown();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Peer peer : peers) {
            peer.close();
        }
    }
}
