package io.jsonrpcclient.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A child process for the CLI's stdio: tests: reads {@code Content-Length} frames on stdin and answers
 * {@code add} with the sum of its params and anything else with its params.
 */
public final class StdioEchoMain {

    private StdioEchoMain() {
    }

    public static void main(String[] args) throws IOException {
        var json = new ObjectMapper();
        var in = new DataInputStream(System.in);
        while (true) {
            int length = -1;
            String line;
            while (!(line = readLine(in)).isEmpty()) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
            }
            byte[] body = new byte[length];
            in.readFully(body);
            JsonNode call = json.readTree(body);
            if (!call.has("id")) {
                continue;
            }
            ObjectNode reply = json.createObjectNode().put("jsonrpc", "2.0");
            JsonNode params = call.get("params");
            if (call.get("method").asText().equals("add")) {
                reply.put("result", params.get(0).asInt() + params.get(1).asInt());
            } else {
                reply.set("result", params);
            }
            reply.set("id", call.get("id"));
            byte[] out = json.writeValueAsBytes(reply);
            System.out.write(("Content-Length: " + out.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            System.out.write(out);
            System.out.flush();
        }
    }

    private static String readLine(DataInputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                System.exit(0);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
