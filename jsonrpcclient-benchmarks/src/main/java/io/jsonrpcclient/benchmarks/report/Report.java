package io.jsonrpcclient.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Turns a JMH JSON result file into {@code benchmarks.md} (a table per scenario, each score with
 * its ratio to the limit and to the best peer, allocation per call, failures, then the issue's
 * targets with their measured ratios) and {@code benchmarks.png} (a bar chart per scenario, in
 * one image). Prints the markdown too.
 * <pre>
 * java -cp benchmarks.jar io.jsonrpcclient.benchmarks.report.Report results.json [out-dir]
 * </pre>
 */
public final class Report {

    private static final Set<String> PEERS = Set.of("jsonrpc2Base", "jsonrpc4j", "simpleJsonRpc", "jsonrpc2Client",
            "simpleJsonRpcBatch");
    private static final Color OURS = new Color(0x1f77b4);
    private static final Color LIMIT = new Color(0x7f7f7f);
    private static final Color PEER = new Color(0xff7f0e);

    /** One benchmark's result. */
    record Row(String scenario, String name, int threads, String params, double score, double error, String unit,
            double bytesPerOp, double failures) {
        boolean ours() {
            return name.startsWith("ours");
        }

        boolean peer() {
            return PEERS.contains(name) || PEERS.contains(name.replace(" (8 threads)", ""));
        }

        String kind() {
            return ours() ? "ours" : peer() ? "peer" : "limit";
        }

        /** {@return true when run against the default server (or a benchmark without params): the targets' rows} */
        boolean onDefaultServer() {
            return params.isEmpty() || params.equals("server=raw");
        }

        /** {@return the name, with the params when they are not the default server's} */
        String label() {
            return onDefaultServer() ? name : name + " (" + params + ")";
        }
    }

    /** How one scenario is read. */
    record Scenario(String id, String title, String unit, boolean lowerIsBetter, String limit) {
    }

    private static final List<Scenario> SCENARIOS = List.of(
            new Scenario("CoreBenchmark", "Core per call: encode add(1,2) + decode its reply", "ns/call", true,
                    "jacksonStreaming"),
            new Scenario("CoreBatchBenchmark", "Core, batch of 100: per call", "ns/call", true, "jacksonStreaming"),
            new Scenario("Http1Thread", "HTTP round trip, blocking, 1 thread", "calls/s", false, "rawSocket"),
            new Scenario("Http8Threads", "HTTP round trip, blocking, 8 threads", "calls/s", false, "rawSocket"),
            new Scenario("HttpBatchBenchmark", "100 calls over HTTP: one batch vs sequential", "batches/s", false,
                    "rawJdkHttpBatch"),
            new Scenario("HttpAsyncBenchmark", "Async HTTP, 64 calls in flight from 1 thread", "calls/s", false,
                    "rawNioAsync"),
            new Scenario("AutoBatchBenchmark", "64 concurrent callers: automatic batching on vs off", "calls/s", false,
                    null),
            new Scenario("WebSocketBenchmark", "WebSocket, one connection: sequential and 64 in flight", "calls/s", false,
                    "rawJdkWebSocket"),
            new Scenario("ZeroMqBenchmark", "ZeroMQ: REQ and DEALER with 64 in flight", "calls/s", false, "rawReqRep"),
            new Scenario("TcpBenchmark", "TCP, newline framing: sequential and 64 in flight", "calls/s", false,
                    "rawSocket"),
            new Scenario("CliStartBenchmark", "CLI cold start, median of single shots", "ms", true, "javaVersion"));

    private Report() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: Report JMH.json [OUT_DIR]");
            System.exit(2);
        }
        Path json = Path.of(args[0]);
        Path out = Path.of(args.length > 1 ? args[1] : ".");
        Files.createDirectories(out);
        List<Row> rows = read(json);
        String markdown = markdown(rows, json) + largeResults(json.toAbsolutePath().getParent());
        Files.writeString(out.resolve("benchmarks.md"), markdown);
        List<CategoryChart> charts = charts(rows);
        if (!charts.isEmpty()) {
            // XChart fills every cell of the grid, so an odd number of charts goes in one column.
            int cols = charts.size() % 2 == 0 ? 2 : 1;
            int rowsOfCharts = (charts.size() + cols - 1) / cols;
            BitmapEncoder.saveBitmap(charts, rowsOfCharts, cols, out.resolve("benchmarks.png").toString(),
                    BitmapEncoder.BitmapFormat.PNG);
        }
        System.out.println(markdown);
        System.out.println("wrote " + out.resolve("benchmarks.md") + (charts.isEmpty() ? "" : " and " + out.resolve("benchmarks.png")));
    }

    static List<Row> read(Path json) throws IOException {
        var rows = new ArrayList<Row>();
        for (JsonNode b : new ObjectMapper().readTree(json.toFile())) {
            String full = b.get("benchmark").asText();
            int dot = full.lastIndexOf('.');
            String cls = full.substring(full.lastIndexOf('.', dot - 1) + 1, dot);
            String name = full.substring(dot + 1);
            JsonNode primary = b.get("primaryMetric");
            JsonNode secondary = b.path("secondaryMetrics");
            var params = new StringBuilder();
            b.path("params").properties().forEach(e -> params.append(params.length() == 0 ? "" : ",")
                    .append(e.getKey()).append('=').append(e.getValue().asText()));
            // Single-shot scores (process starts) are read as medians, which a slow outlier cannot move.
            double score = b.path("mode").asText().equals("ss")
                    ? primary.path("scorePercentiles").path("50.0").asDouble(primary.get("score").asDouble())
                    : primary.get("score").asDouble();
            rows.add(new Row(cls, name, b.path("threads").asInt(1), params.toString(),
                    score, primary.path("scoreError").asDouble(Double.NaN),
                    primary.get("scoreUnit").asText(),
                    secondary.path("gc.alloc.rate.norm").path("score").asDouble(Double.NaN),
                    secondary.path("failures").path("score").asDouble(Double.NaN)));
        }
        return rows;
    }

    private static List<Row> rowsOf(List<Row> rows, Scenario s) {
        return rows.stream().filter(r -> r.scenario().equals(s.id()))
                .sorted(s.lowerIsBetter() ? Comparator.comparingDouble(Row::score)
                        : Comparator.comparingDouble(Row::score).reversed())
                .toList();
    }

    /** {@return the row of that name on the default server, else the first of that name (a run with {@code -p server=…})} */
    private static Row find(List<Row> rows, String scenario, String name) {
        List<Row> named = rows.stream().filter(r -> r.scenario().equals(scenario) && r.name().equals(name)).toList();
        return named.stream().filter(Row::onDefaultServer).findFirst().orElse(named.isEmpty() ? null : named.get(0));
    }

    /** {@return the row of that name with exactly these params, or null} */
    private static Row find(List<Row> rows, String scenario, String name, String params) {
        return rows.stream().filter(r -> r.scenario().equals(scenario) && r.name().equals(name)
                && r.params().equals(params)).findFirst().orElse(null);
    }

    private static Row bestPeer(List<Row> rows, String scenario, boolean lowerIsBetter) {
        Comparator<Row> byScore = Comparator.comparingDouble(Row::score);
        return rows.stream().filter(r -> r.scenario().equals(scenario) && r.peer())
                .min(lowerIsBetter ? byScore : byScore.reversed()).orElse(null);
    }

    private static Row bestPeer(List<Row> rows, String scenario, boolean lowerIsBetter, String params) {
        Comparator<Row> byScore = Comparator.comparingDouble(Row::score);
        return rows.stream().filter(r -> r.scenario().equals(scenario) && r.peer() && r.params().equals(params))
                .min(lowerIsBetter ? byScore : byScore.reversed()).orElse(null);
    }

    static String markdown(List<Row> rows, Path source) {
        var md = new StringBuilder();
        md.append("<!-- generated by io.jsonrpcclient.benchmarks.report.Report from ").append(source.getFileName())
                .append(" -->\n");
        for (Scenario s : SCENARIOS) {
            List<Row> mine = rowsOf(rows, s);
            if (mine.isEmpty()) {
                continue;
            }
            Row limit = s.limit() == null ? null : find(rows, s.id(), s.limit());
            Row peer = bestPeer(rows, s.id(), s.lowerIsBetter());
            if (s.id().equals("HttpAsyncBenchmark")) {
                peer = bestPeer(rows, "Http8Threads", false);
            }
            md.append("\n### ").append(s.title()).append("\n\n");
            md.append("| contender | kind | ").append(s.unit()).append(" | ± | × ")
                    .append(limit == null ? "limit" : s.limit()).append(" | × best peer")
                    .append(peer == null ? "" : " (" + peer.name() + (s.id().equals("HttpAsyncBenchmark") ? ", 8 threads" : "") + ")")
                    .append(" | B/call | failures |\n");
            md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for (Row r : mine) {
                // A row against another server is set against the limit on that same server.
                Row sameServerLimit = s.limit() == null ? null : find(rows, s.id(), s.limit(), r.params());
                md.append("| ").append(r.label())
                        .append(" | ").append(r.kind())
                        .append(" | ").append(number(r.score()))
                        .append(" | ").append(number(r.error()))
                        .append(" | ").append(ratio(r, sameServerLimit != null ? sameServerLimit : limit))
                        .append(" | ").append(ratio(r, peer))
                        .append(" | ").append(Double.isNaN(r.bytesPerOp()) ? "" : number(perCall(r, s)))
                        .append(" | ").append(Double.isNaN(r.failures()) ? "" : number(r.failures()))
                        .append(" |\n");
            }
        }
        md.append(targets(rows));
        return md.toString();
    }

    /** Bytes per call: JMH's gc.alloc.rate.norm is per operation, and a batch operation is 100 calls. */
    private static double perCall(Row r, Scenario s) {
        return s.id().equals("HttpBatchBenchmark") ? r.bytesPerOp() / 100 : r.bytesPerOp();
    }

    private static String ratio(Row r, Row reference) {
        if (reference == null || reference.score() == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "%.2f", r.score() / reference.score());
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** The targets, each with its ratio in this run. */
    static String targets(List<Row> rows) {
        var t = new StringBuilder("\n### Targets (issue 7), ratios in this run\n\n| target | measured | met |\n| --- | ---: | :---: |\n");
        Row ours = find(rows, "CoreBenchmark", "ours");
        Row oursTyped = find(rows, "CoreBenchmark", "oursTyped");
        Row limit = find(rows, "CoreBenchmark", "jacksonStreaming");
        Row base = find(rows, "CoreBenchmark", "jsonrpc2Base");
        target(t, "core time ≤ 1.3× Jackson streaming", ours, limit, r -> r <= 1.3, false);
        target(t, "core time (bound to Integer) ≤ 1.3× Jackson streaming", oursTyped, limit, r -> r <= 1.3, false);
        if (ours != null && limit != null && !Double.isNaN(ours.bytesPerOp())) {
            double r = ours.bytesPerOp() / limit.bytesPerOp();
            t.append(String.format(Locale.ROOT, "| core allocation ≤ 1.3× Jackson streaming | %.2f | %s |%n", r, mark(r <= 1.3)));
        }
        target(t, "core time ≤ 0.6× jsonrpc2-base", ours, base, r -> r <= 0.6, false);
        Row batch = find(rows, "CoreBatchBenchmark", "ours");
        target(t, "batch of 100: per-call core cost ≤ single call", batch, ours, r -> r <= 1.0, false);
        for (String scenario : List.of("Http1Thread", "Http8Threads")) {
            Row peer = bestPeer(rows, scenario, false);
            Row socket = find(rows, scenario, "rawSocket");
            // Not an issue-7 target but its guard: the JDK engine must cost no more than java.net.http's send() itself.
            target(t, scenario + " oursJdk ≥ 0.9× raw java.net.http send", find(rows, scenario, "oursJdk"),
                    find(rows, scenario, "rawJdkHttp"), x -> x >= 0.9, false);
            for (String engine : List.of("oursSocket", "oursJdk", "oursUrlConnection", "oursApacheClassic", "oursJetty", "oursOkHttp",
                    "oursApacheAsync")) {
                Row r = find(rows, scenario, engine);
                if (r == null) {
                    continue;
                }
                target(t, scenario + " " + engine + " ≥ 1.3× best peer" + (peer == null ? "" : " (" + peer.name() + ")"),
                        r, peer, x -> x >= 1.3, false);
                if (scenario.equals("Http1Thread")) {
                    target(t, scenario + " " + engine + " ≥ 0.7× raw socket", r, socket, x -> x >= 0.7, false);
                }
            }
        }
        Row peer8 = bestPeer(rows, "Http8Threads", false);
        for (String engine : List.of("oursAsyncSocket", "oursAsyncJdk", "oursAsyncJetty", "oursAsyncApache")) {
            target(t, "async 64 in flight " + engine + " ≥ 2× best peer at 8 threads", find(rows, "HttpAsyncBenchmark", engine),
                    peer8, x -> x >= 2, false);
        }
        // The same 64 calls with automatic batching on (opt-in, off by default): one batch a round.
        target(t, "async 64 in flight oursAsyncAutoBatch (automatic batching on) ≥ 2× best peer at 8 threads",
                find(rows, "HttpAsyncBenchmark", "oursAsyncAutoBatch"), peer8, x -> x >= 2, false);
        // No target: what one thread with 64 plain HTTP/1.1 exchanges in flight can do at all, and our share of it.
        Row rawNio = find(rows, "HttpAsyncBenchmark", "rawNioAsync");
        Row oursNio = find(rows, "HttpAsyncBenchmark", "oursAsyncSocket");
        comparison(t, "async limit: raw NIO, one thread, 64 in flight ÷ best peer at 8 threads (no target)", rawNio, peer8);
        comparison(t, "async oursAsyncSocket ÷ raw NIO limit (no target)", oursNio, rawNio);
        // The same 64 calls pipelined (opt-in): 4 connections, 16 calls on each, and the limit for that.
        target(t, "async 64 in flight oursAsyncSocketPipelined (HTTP/1.1 pipelining on) ≥ 2× best peer at 8 threads",
                find(rows, "HttpAsyncBenchmark", "oursAsyncSocketPipelined"), peer8, x -> x >= 2, false);
        Row rawPipelined = find(rows, "HttpAsyncBenchmark", "rawNioPipelined");
        comparison(t, "async oursAsyncSocketPipelined ÷ raw NIO pipelined limit (no target)",
                find(rows, "HttpAsyncBenchmark", "oursAsyncSocketPipelined"), rawPipelined);
        // Each server kind on its own: our async calls and the limit against the best peer on that same server.
        for (String server : List.of("server=raw", "server=nio", "server=jdk")) {
            Row peerThere = bestPeer(rows, "Http8Threads", false, server);
            for (String name : List.of("oursAsyncSocket", "oursAsyncSocketPipelined", "rawNioAsync")) {
                comparison(t, "on " + server + ": " + name + " ÷ best peer at 8 threads on it"
                        + (peerThere == null ? "" : " (" + peerThere.name() + ")") + " (no target)",
                        find(rows, "HttpAsyncBenchmark", name, server), peerThere);
            }
        }
        Row rawBatch = find(rows, "HttpBatchBenchmark", "rawJdkHttpBatch");
        for (String engine : List.of("Socket", "Jdk", "UrlConnection")) {
            Row b = find(rows, "HttpBatchBenchmark", "oursBatch" + engine);
            target(t, "batch over HTTP (" + engine + ") ≥ raw java.net.http batch", b, rawBatch, x -> x >= 1.0, false);
            target(t, "batch over HTTP (" + engine + ") ≥ 40× our sequential calls", b,
                    find(rows, "HttpBatchBenchmark", "oursSequential" + engine), x -> x >= 40, false);
        }
        for (String callers : List.of("oursBlocking64", "oursAsync64")) {
            target(t, "automatic batching gain, " + callers + " (on ÷ off)", find(rows, "AutoBatchBenchmark",
                    callers + "AutoBatch"), find(rows, "AutoBatchBenchmark", callers), x -> x >= 1.0, false);
        }
        // No target: a lone caller waits out the window on every call; this shows what that costs.
        Row alone = find(rows, "AutoBatchBenchmark", "oursBlocking1AutoBatch");
        Row plain = find(rows, "AutoBatchBenchmark", "oursBlocking1");
        comparison(t, "automatic batching, a lone blocking caller (on ÷ off; no target)", alone, plain);
        // Against the hand-written server only (or a JSON from before there were two): Jetty's own cost
        // dominated the 64-in-flight case, so its rows are shown for comparison, never as the target.
        String ws = rows.stream().anyMatch(r -> r.scenario().equals("WebSocketBenchmark") && r.params().equals("server=raw"))
                ? "server=raw" : "";
        Row wsSequential = find(rows, "WebSocketBenchmark", "oursSequential", ws);
        target(t, "WebSocket 64 in flight ≥ 10× its sequential rate", find(rows, "WebSocketBenchmark", "oursInFlight64", ws),
                wsSequential, x -> x >= 10, false);
        target(t, "WebSocket sequential ≥ 0.8× raw JDK WebSocket", wsSequential,
                find(rows, "WebSocketBenchmark", "rawJdkWebSocket", ws), x -> x >= 0.8, false);
        Row jettySequential = find(rows, "WebSocketBenchmark", "oursSequential", "server=jetty");
        Row jettyInFlight = find(rows, "WebSocketBenchmark", "oursInFlight64", "server=jetty");
        Row jettyRaw = find(rows, "WebSocketBenchmark", "rawJdkWebSocket", "server=jetty");
        comparison(t, "WebSocket on Jetty, 64 in flight ÷ sequential (comparison, no target)", jettyInFlight, jettySequential);
        comparison(t, "WebSocket on Jetty, sequential ÷ raw JDK WebSocket (comparison, no target)", jettySequential, jettyRaw);
        Row req = find(rows, "ZeroMqBenchmark", "oursReq");
        target(t, "ZeroMQ REQ ≥ 0.9× raw JeroMQ REQ/REP", req, find(rows, "ZeroMqBenchmark", "rawReqRep"),
                x -> x >= 0.9, false);
        target(t, "ZeroMQ DEALER 64 in flight ≥ 5× our REQ", find(rows, "ZeroMqBenchmark", "oursDealerInFlight64"), req,
                x -> x >= 5, false);
        Row tcpSequential = find(rows, "TcpBenchmark", "oursSequential");
        Row tcpInFlight = find(rows, "TcpBenchmark", "oursInFlight64");
        if (tcpSequential != null && tcpInFlight != null) {
            t.append(String.format(Locale.ROOT, "| TCP 64 in flight ÷ sequential (no target) | %.2f | — |%n",
                    tcpInFlight.score() / tcpSequential.score()));
        }
        target(t, "CLI cold start (median) ≤ 2× java -version", find(rows, "CliStartBenchmark", "oursCall"),
                find(rows, "CliStartBenchmark", "javaVersion"), x -> x <= 2, false);
        return t.toString();
    }

    /**
     * The large-result targets, from {@code large-result-heap.json} beside the JMH JSON (written by
     * {@code LargeResultHeap} with {@code -Dlarge.out}, as {@code bench full} and {@code bench large} do);
     * empty if there is none. The measure is the smallest heap the call needs, over the body's size.
     */
    static String largeResults(Path dir) throws IOException {
        Path file = dir == null ? null : dir.resolve("large-result-heap.json");
        if (file == null || !Files.isRegularFile(file)) {
            return "";
        }
        var t = new StringBuilder("\n### Large results (issue 7), smallest heap over body size\n\n"
                + "| target | measured | sampled peak | met |\n| --- | ---: | ---: | :---: |\n");
        for (JsonNode r : new ObjectMapper().readTree(file.toFile())) {
            double ratio = r.path("ratio").asDouble();
            t.append(String.format(Locale.ROOT, "| %d MiB result, %s, peak ≤ 3× body%s | %.2f | %.2f | %s |%n",
                    r.path("resultMiB").asInt(64), r.path("case").asText(), r.path("jvm").asText().isEmpty() ? "" : " (" + r.path("jvm").asText() + ")",
                    ratio, r.path("sampledRatio").asDouble(), mark(ratio <= 3)));
        }
        return t.toString();
    }

    /** A ratio shown for reading, with no target: {@code ours ÷ base}, when both rows are in the run. */
    private static void comparison(StringBuilder t, String label, Row ours, Row base) {
        if (ours != null && base != null && base.score() > 0) {
            t.append(String.format(Locale.ROOT, "| %s | %.2f | — |%n", label, ours.score() / base.score()));
        }
    }

    private static void target(StringBuilder t, String what, Row r, Row reference, Predicate<Double> met, boolean unused) {
        if (r == null || reference == null || reference.score() == 0) {
            return;
        }
        double ratio = r.score() / reference.score();
        t.append(String.format(Locale.ROOT, "| %s | %.2f | %s |%n", what, ratio, mark(met.test(ratio))));
    }

    private static String mark(boolean met) {
        return met ? "yes" : "**no**";
    }

    static List<CategoryChart> charts(List<Row> rows) {
        var charts = new ArrayList<CategoryChart>();
        for (Scenario s : SCENARIOS) {
            List<Row> mine = rowsOf(rows, s);
            if (mine.isEmpty()) {
                continue;
            }
            CategoryChart chart = new CategoryChartBuilder().width(900).height(520).title(s.title())
                    .yAxisTitle(s.unit() + (s.lowerIsBetter() ? " (lower is better)" : " (higher is better)")).build();
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            chart.getStyler().setOverlapped(true);
            chart.getStyler().setXAxisLabelRotation(35);
            chart.getStyler().setChartBackgroundColor(Color.WHITE);
            chart.getStyler().setPlotGridVerticalLinesVisible(false);
            chart.getStyler().setYAxisDecimalPattern("#,##0");
            chart.getStyler().setYAxisMin(0.0);
            if (s.id().equals("HttpAsyncBenchmark")) {
                // Beside the peers' blocking figures with 8 threads, which the async target is set against.
                var withPeers = new ArrayList<>(mine);
                rowsOf(rows, SCENARIOS.get(3)).stream().filter(Row::peer)
                        .map(r -> new Row(r.scenario(), r.name() + " (8 threads)", r.threads(), r.params(), r.score(),
                                r.error(), r.unit(), r.bytesPerOp(), r.failures()))
                        .forEach(withPeers::add);
                mine = withPeers;
            }
            if (s.id().equals("CoreBatchBenchmark")) {
                // Beside a single call, which the batch target is set against.
                Row single = find(rows, "CoreBenchmark", "ours");
                if (single != null) {
                    var withSingle = new ArrayList<>(mine);
                    withSingle.add(new Row(single.scenario(), "ours (single call)", single.threads(), single.params(),
                            single.score(), single.error(), single.unit(), single.bytesPerOp(), single.failures()));
                    mine = withSingle;
                }
            }
            List<Row> shown = mine;
            List<String> names = shown.stream().map(Row::label).toList();
            Map<String, Color> kinds = new LinkedHashMap<>();
            kinds.put("ours", OURS);
            kinds.put("limit", LIMIT);
            kinds.put("peer", PEER);
            kinds.forEach((kind, color) -> {
                List<Double> values = shown.stream().map(r -> r.kind().equals(kind) ? r.score() : 0.0).toList();
                if (values.stream().anyMatch(v -> v > 0)) {
                    chart.addSeries(kind, names, values).setFillColor(color);
                }
            });
            charts.add(chart);
        }
        return charts;
    }
}
