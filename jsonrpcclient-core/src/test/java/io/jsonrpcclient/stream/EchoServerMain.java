package io.jsonrpcclient.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A tiny JSON-RPC server speaking {@code Content-Length} framing over stdin and stdout, run as a child
 * process by the stdio tests. Its methods script what a real server might do:
 * <ul>
 *   <li>{@code echo}: the params as the result;</li>
 *   <li>{@code slow [ms, value]}: answers after a while, on its own thread, so later calls overtake it;</li>
 *   <li>{@code progress [n]}: sends n {@code progress} notifications, then the result;</li>
 *   <li>{@code stderr [text]}: writes the text as a line on stderr, then the result;</li>
 *   <li>{@code exit [code]}: exits at once, without answering;</li>
 *   <li>{@code badHeader}: writes a malformed header;</li>
 *   <li>{@code never}: never answers;</li>
 *   <li>{@code ask [method, arg]}: sends the client a batch (a request of {@code method} with {@code [arg]},
 *       a request of the unknown {@code no/such}, and a notification), then answers the call with what the
 *       client sent back.</li>
 * </ul>
 * With {@code --linger}, it takes a minute to end when asked to (a shutdown hook that sleeps), so only
 * a kill stops it.
 */
public final class EchoServerMain {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OutputStream OUT = System.out;
    /** The {@code ask} call waiting for the client's answer to the server's batch. */
    private static JsonNode asking;

    private EchoServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--linger")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException ignored) {
                    // ending
                }
            }));
        }
        System.err.println("echo server ready");
        DataInputStream in = new DataInputStream(System.in);
        while (true) {
            byte[] body;
            try {
                body = readFrame(in);
            } catch (EOFException end) {
                System.err.println("echo server: stdin closed");
                return;
            }
            JsonNode message = JSON.readTree(body);
            boolean reply = message.isArray() ? message.size() > 0 && !message.get(0).has("method")
                    : !message.has("method");
            if (reply && asking != null) { // the client's answer to the server's own batch
                write(result(asking, message));
                asking = null;
            } else if (message.isArray()) {
                ArrayNode replies = JSON.createArrayNode();
                for (JsonNode call : message) {
                    if (call.has("id")) {
                        replies.add(result(call, call.get("params")));
                    }
                }
                write(replies);
            } else {
                handle(message);
            }
        }
    }

    private static void handle(JsonNode call) throws Exception {
        JsonNode params = call.get("params");
        switch (call.get("method").asText()) {
            case "slow" -> new Thread(() -> {
                try {
                    Thread.sleep(params.get(0).asLong());
                    write(result(call, params.get(1)));
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }).start();
            case "progress" -> {
                for (int i = 1; i <= params.get(0).asInt(); i++) {
                    ObjectNode note = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "progress");
                    note.putArray("params").add(i);
                    write(note);
                }
                write(result(call, params));
            }
            case "stderr" -> {
                System.err.println(params.get(0).asText());
                System.err.flush();
                write(result(call, params));
            }
            case "exit" -> {
                System.out.flush();
                Runtime.getRuntime().halt(params.get(0).asInt());
            }
            case "badHeader" -> {
                synchronized (OUT) {
                    OUT.write("Content-Length: twelve\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    OUT.flush();
                }
            }
            case "never" -> {
            }
            case "ask" -> {
                asking = call;
                ArrayNode batch = JSON.createArrayNode();
                ObjectNode request = batch.addObject().put("jsonrpc", "2.0").put("id", "q1")
                        .put("method", params.get(0).asText());
                request.putArray("params").add(params.get(1));
                batch.addObject().put("jsonrpc", "2.0").put("id", "q2").put("method", "no/such");
                batch.addObject().put("jsonrpc", "2.0").put("method", "progress").putArray("params").add(0);
                write(batch);
            }
            default -> {
                if (call.has("id")) {
                    write(result(call, params));
                }
            }
        }
    }

    private static ObjectNode result(JsonNode call, JsonNode value) {
        ObjectNode reply = JSON.createObjectNode().put("jsonrpc", "2.0");
        reply.set("result", value);
        reply.set("id", call.get("id"));
        return reply;
    }

    private static void write(JsonNode message) throws IOException {
        byte[] body = JSON.writeValueAsBytes(message);
        synchronized (OUT) {
            OUT.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            OUT.write(body);
            OUT.flush();
        }
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        int length = -1;
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return body;
    }

    private static String readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException();
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
