package io.jsonrpcclient.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.JsonRpcCodec;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.Request;
import io.jsonrpcclient.Response;
import io.jsonrpcclient.benchmarks.server.LoopbackServer;
import io.jsonrpcclient.http.HttpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Heap peak of a large result (issue 7: a 64 MiB result bound to a {@code String} or a
 * {@code byte[]} must peak at ≤ 3× the body size). Not JMH: allocation per operation is not a peak.
 * Each case runs in a fresh JVM, so nothing else is on its heap, and is measured two ways:
 * <ul>
 *   <li><b>the smallest {@code -Xmx} it succeeds in</b> (a binary search in 4 MiB steps), minus
 *       the same for a tiny result: what the large result needs at its peak, live objects only;</li>
 *   <li>with a roomy heap, the heap in use sampled every millisecond during the call and the sum of
 *       the heap pools' peaks (an upper bound: pools peak at different moments), both less the heap
 *       in use after a GC just before the call (garbage not yet collected counts here).</li>
 * </ul>
 * Cases: over HTTP (the default engine, a JDK {@code HttpServer} on 127.0.0.1 in this process
 * serving the body) and the codec alone on a body already in memory, which is counted:
 * {@code decodeResult} (what {@code client.request(type, ...)} does), and for {@code byte[]} also
 * the tree path, {@code decodeReply} + {@code bind}, whose tree holds the text as a {@code String}.
 * The result is base64 text: a {@code String} of MiB × 2^20 characters, or the {@code byte[]} it
 * decodes to (3/4 of that).
 * <pre>
 * java [-Dlarge.out=DIR] -cp benchmarks.jar io.jsonrpcclient.benchmarks.LargeResultHeap [MiB (64)] [extra JVM options...]
 * </pre>
 * With {@code large.out} set it also writes {@code DIR/large-result-heap.json}, which
 * {@link io.jsonrpcclient.benchmarks.report.Report} turns into targets when it sits beside the JMH JSON.
 */
public final class LargeResultHeap {

    private static final String PREFIX = "{\"jsonrpc\":\"2.0\",\"result\":\"";
    private static final String SUFFIX = "\",\"id\":1}";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final long MIB = 1 << 20;

    private LargeResultHeap() {
    }

    /** The reply body: a base64 string of {@code chars} characters (a multiple of 4), made in place. */
    static byte[] body(int chars) {
        byte[] prefix = PREFIX.getBytes(StandardCharsets.US_ASCII);
        byte[] suffix = SUFFIX.getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[prefix.length + chars + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        var random = new SplittableRandom(42);
        for (int i = prefix.length, end = prefix.length + chars; i < end; i++) {
            body[i] = (byte) ALPHABET.charAt(random.nextInt(64));
        }
        System.arraycopy(suffix, 0, body, prefix.length + chars, suffix.length);
        return body;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args);
            return;
        }
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        List<String> jvm = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
        int chars = Math.toIntExact(mib * MIB);
        byte[] large = body(chars);
        byte[] tiny = body(4096);
        HttpServer server = HttpServer.create(new InetSocketAddress(LoopbackServer.LOOPBACK, 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            byte[] reply = exchange.getRequestURI().getPath().startsWith("/tiny") ? tiny : large;
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, reply.length);
            try (var out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        System.out.printf(Locale.ROOT, "body %,d bytes (result %d MiB of base64 text); JVM %s %s%n", large.length, mib,
                System.getProperty("java.version"), jvm.isEmpty() ? "(default GC)" : jvm);
        System.out.println();
        System.out.println("| case | smallest -Xmx, large | smallest -Xmx, tiny | needed | × body | sampled peak × body "
                + "| pool-peak sum × body | call |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var results = new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode();
        try {
            for (String mode : List.of("http", "codec", "tree")) {
                for (String type : List.of("string", "bytes")) {
                    if (mode.equals("tree") && type.equals("string")) {
                        continue;  // for a String, decodeResult is the tree path
                    }
                    String url = base + "large";
                    List<String> large1 = List.of("child", mode, type, url, String.valueOf(chars));
                    List<String> tiny1 = List.of("child", mode, type, base + "tiny", "4096");
                    int needLarge = smallestHeap(jvm, large1);
                    int needTiny = smallestHeap(jvm, tiny1);
                    Run roomy = run(jvm, 1024, large1);
                    double body = large.length;
                    long needed = (needLarge - needTiny) * MIB;
                    System.out.printf(Locale.ROOT, "| %s, %s | %d MiB | %d MiB | %d MiB | %.2f | %.2f | %.2f | %s |%n",
                            describe(mode, true),
                            type.equals("string") ? "String" : "byte[]", needLarge, needTiny, needLarge - needTiny,
                            needed / body, roomy.sampled / body, roomy.poolPeaks / body, roomy.millis + " ms");
                    results.addObject().put("case", describe(mode, false) + ", "
                                    + (type.equals("string") ? "String" : "byte[]"))
                            .put("resultMiB", mib).put("bodyBytes", large.length).put("neededBytes", needed)
                            .put("ratio", needed / body).put("sampledRatio", roomy.sampled / body)
                            .put("poolPeakRatio", roomy.poolPeaks / body).put("jvm", String.join(" ", jvm));
                }
            }
        } finally {
            server.stop(0);
        }
        // For the report's targets: -Dlarge.out=DIR writes large-result-heap.json there.
        String out = System.getProperty("large.out");
        if (out != null) {
            Path file = Path.of(out, "large-result-heap.json");
            new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValue(file.toFile(), results);
            System.out.println("wrote " + file);
        }
    }

    private static String describe(String mode, boolean full) {
        return switch (mode) {
            case "http" -> full ? "over HTTP (default engine)" : "over HTTP";
            case "codec" -> "codec alone" + (full ? " (decodeResult)" : "");
            default -> "codec alone, tree (decodeReply + bind)";
        };
    }

    /** What a child measured. */
    record Run(boolean ok, long sampled, long poolPeaks, long millis, String output) {
    }

    private static int smallestHeap(List<String> jvm, List<String> childArgs) throws Exception {
        int low = 4;       // fails (or is assumed to)
        int high = 1024;   // succeeds
        if (!run(jvm, high, childArgs).ok()) {
            throw new IllegalStateException("fails even with -Xmx" + high + "m: " + run(jvm, high, childArgs).output());
        }
        while (high - low > 4) {
            int mid = (low + high) / 2;
            if (run(jvm, mid, childArgs).ok()) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return high;
    }

    private static Run run(List<String> jvm, int heapMib, List<String> childArgs) throws Exception {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heapMib + "m");
        command.addAll(jvm);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LargeResultHeap.class.getName());
        command.addAll(childArgs);
        // Output to a file, so a child that hangs cannot hold up the read: the wait is bounded.
        Path log = java.nio.file.Files.createTempFile("large-result-heap", ".log");
        String out;
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Run(false, 0, 0, 0, "timed out");
            }
            out = java.nio.file.Files.readString(log);
            if (p.exitValue() != 0 || !out.contains("OK ")) {
                return new Run(false, 0, 0, 0, out);
            }
        } finally {
            java.nio.file.Files.deleteIfExists(log);
        }
        String[] f = out.substring(out.indexOf("OK ")).trim().split("\\s+");
        return new Run(true, Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), out);
    }

    /** In the fresh JVM: one call, measured; prints {@code OK sampled poolPeaks millis}. */
    private static void child(String[] args) throws Exception {
        String mode = args[1];
        boolean bytes = args[2].equals("bytes");
        URI uri = URI.create(args[3]);
        int chars = Integer.parseInt(args[4]);
        long limit = chars + 1024L;
        JsonRpcCodec codec = JsonRpcCodec.newBuilder().maxResponseBytes(limit).maxStringLength(chars).build();
        JsonRpcClient client = mode.equals("http")
                ? JsonRpcClient.newBuilder(HttpTransport.of(uri)).codec(codec).timeout(Duration.ofSeconds(60)).build()
                : null;
        Request sent = Request.of("blob", Params.none(), Id.of(1));
        // Warm the path on a tiny body first, so class loading and JIT are not in the peak.
        Class<?> type = bytes ? byte[].class : String.class;
        codec.bind(((Response.Success) codec.decodeReply(sent, body(8))).result(), type);
        codec.decodeResult(sent, body(Math.min(chars, 1 << 17)), type);  // long enough to stay in the body

        var pools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(m -> m.getType() == MemoryType.HEAP).toList();
        System.gc();
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        long before = heapUsed();
        var sampler = new Sampler();
        sampler.start();
        long start = System.nanoTime();
        Object value;
        if (client != null) {
            value = client.request(type, "blob");
        } else if (mode.equals("codec")) {
            value = codec.decodeResult(sent, body(chars), type);
        } else {
            byte[] body = body(chars);
            Object result = ((Response.Success) codec.decodeReply(sent, body)).result();
            value = codec.bind((com.fasterxml.jackson.databind.JsonNode) result, type);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        sampler.stop = true;
        sampler.join(5_000);
        long poolPeaks = pools.stream().mapToLong(m -> m.getPeakUsage().getUsed()).sum();
        int length = bytes ? ((byte[]) value).length : ((String) value).length();
        int expected = bytes ? chars / 4 * 3 : chars;
        if (length != expected) {
            throw new IllegalStateException("result of " + length + ", expected " + expected);
        }
        if (client != null) {
            client.close();
        }
        System.out.println("OK " + (sampler.max - before) + " " + (poolPeaks - before) + " " + millis);
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Samples the heap in use every millisecond. */
    private static final class Sampler extends Thread {
        volatile boolean stop;
        volatile long max;

        Sampler() {
            setDaemon(true);
        }

        @Override
        public void run() {
            long m = 0;
            while (!stop) {
                m = Math.max(m, heapUsed());
                max = m;
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
            max = Math.max(m, heapUsed());
        }
    }
}
