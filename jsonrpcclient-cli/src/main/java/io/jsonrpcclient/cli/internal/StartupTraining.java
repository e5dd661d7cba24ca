package io.jsonrpcclient.cli.internal;

import io.jsonrpcclient.cli.Main;
import io.jsonrpcclient.cli.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A typical run of the tool, for the launcher to record in a class-data archive: {@code ./jsonrpc}
 * runs it once per jar and JDK with {@code -XX:DumpLoadedClassList}, then makes a static archive
 * from that list ({@code -Xshare:dump}), so that later runs map the classes a call needs (picocli,
 * Jackson, the client, the HTTP engine) instead of loading and verifying them. It calls a loopback
 * server, successfully and with an error, and prints nothing.
 * <pre>
 * java -XX:DumpLoadedClassList=jsonrpc.classes -cp jsonrpc.jar io.jsonrpcclient.cli.internal.StartupTraining
 * java -Xshare:dump -XX:SharedClassListFile=jsonrpc.classes -XX:SharedArchiveFile=jsonrpc.jsa -cp jsonrpc.jar
 * </pre>
 *
 * <p>The server is a few fixed replies over a plain socket, not the demo server: the archive holds
 * every class the training process loads, and the demo server's own (the JDK's HTTP server, a
 * Jackson mapper, {@code java.time}) would be mapped by every call and used by none.
 */
public final class StartupTraining {

    private StartupTraining() {
    }

    /**
     * Runs the calls; exits 0 even if one fails, as the archive is only an optimisation.
     *
     * @param args ignored
     * @throws Exception if the loopback server cannot start
     */
    public static void main(String[] args) throws Exception {
        CliLoggerProvider.nameForSlf4j();
        try (CannedServer server = new CannedServer()) {
            String url = server.url();
            var quiet = new Terminal(InputStream.nullInputStream(), new PrintWriter(Writer.nullWriter()),
                    new PrintWriter(Writer.nullWriter()));
            Main.run(quiet, "call", url, "add", "1", "2");
            Main.run(quiet, "call", url, "cat", "name=Yoko");
            Main.run(quiet, "call", url, "fail");
        }
    }

    /**
     * Answers each POST with a fixed JSON-RPC reply chosen by its method ({@code add}: 3,
     * {@code cat}: a string, else an error with data), echoing its id, on kept-alive connections.
     * Bounded: a connection idle for 5 s is dropped, and closing the server ends its thread.
     */
    private static final class CannedServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());

        CannedServer() throws IOException {
            Thread thread = new Thread(this::serve, "jsonrpc-training-server");
            thread.setDaemon(true);
            thread.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/";
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    connection.setSoTimeout(5_000);
                    InputStream in = connection.getInputStream();
                    OutputStream out = connection.getOutputStream();
                    String request;
                    while ((request = readRequest(in)) != null) {
                        byte[] body = reply(request).getBytes(StandardCharsets.UTF_8);
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body);
                        out.flush();
                    }
                } catch (IOException e) {
                    // Closed, timed out or refused: the training calls that need it fail, which is fine.
                }
            }
        }

        /** {@return the body of the next request, or null at the end of the connection} */
        private static String readRequest(InputStream in) throws IOException {
            var head = new ByteArrayOutputStream();
            int b;
            int last4 = 0;  // the last four bytes read, to spot the blank line that ends the head
            while ((b = in.read()) >= 0) {
                head.write(b);
                last4 = last4 << 8 | b;
                if (last4 == ('\r' << 24 | '\n' << 16 | '\r' << 8 | '\n')) {
                    break;
                }
            }
            if (b < 0) {
                return null;
            }
            int length = 0;
            for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring("content-length:".length()).trim());
                }
            }
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        /** {@return the reply to a request the tool wrote ({@code ..."id":ID}} at its end)} */
        private static String reply(String request) {
            int at = request.lastIndexOf("\"id\":");
            String id = at < 0 ? "null" : request.substring(at + 5, request.lastIndexOf('}'));
            String answer = request.contains("\"method\":\"add\"") ? "\"result\":3"
                    : request.contains("\"method\":\"cat\"") ? "\"result\":\"Yoko\""
                    : "\"error\":{\"code\":-32000,\"message\":\"fails on purpose\",\"data\":{\"reason\":\"training\"}}";
            return "{\"jsonrpc\":\"2.0\"," + answer + ",\"id\":" + id + "}";
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
