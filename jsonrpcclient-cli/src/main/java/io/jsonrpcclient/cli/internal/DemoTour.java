package io.jsonrpcclient.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsonrpcclient.Batch;
import io.jsonrpcclient.BatchBuilder;
import io.jsonrpcclient.BatchCall;
import io.jsonrpcclient.BatchResponse;
import io.jsonrpcclient.CallOptions;
import io.jsonrpcclient.ErrorResponseException;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.IdGenerator;
import io.jsonrpcclient.IdGenerators;
import io.jsonrpcclient.InvalidResponseException;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.JsonRpcNotification;
import io.jsonrpcclient.JsonRpcParam;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.Reply;
import io.jsonrpcclient.Request;
import io.jsonrpcclient.RequestTimeoutException;
import io.jsonrpcclient.Response;
import io.jsonrpcclient.Validation;
import io.jsonrpcclient.http.HttpEngines;
import io.jsonrpcclient.http.HttpTransport;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import io.jsonrpcclient.testing.MockReply;
import io.jsonrpcclient.testing.RecordedRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The tour {@code jsonrpc demo} prints: each feature of the library used for real against a
 * {@link MockJsonRpcServer} serving the {@link DemoMethods}, showing the Java call, the equivalent
 * command line, what went over the wire (as the server recorded it) and what came back. Replies that
 * break the rules are scripted on the server, since a well-behaved server never sends them.
 */
public final class DemoTour {

    /** The title of every section, in order; tests check the output holds each. */
    public static final List<String> SECTIONS = List.of(
            "A request with positional params",
            "A request with named params",
            "A notification",
            "A batch",
            "An interface proxy",
            "Async calls and a typed batch",
            "An error response",
            "Invalid responses",
            "A timeout",
            "Id generators",
            "Logging",
            "Raw messages",
            "ZeroMQ: REQ and DEALER");

    private static final Duration TAKE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);

    private final MockJsonRpcServer server;
    private final TourPrinter out;
    private final String url;
    private int taken;

    /**
     * Creates the tour.
     *
     * @param server a running server with the {@link DemoMethods} registered
     * @param out    where the tour goes
     */
    public DemoTour(MockJsonRpcServer server, PrintWriter out) {
        this.server = server;
        this.out = new TourPrinter(out);
        this.url = server.uri().toString();
    }

    /** Runs every section, in order. */
    public void run() {
        out.plain("jsonrpc demo: a tour of jsonrpcclient against an embedded JSON-RPC 2.0 server",
                "server:  " + url,
                "methods: " + DemoMethods.SUMMARY);
        try (JsonRpcClient client = JsonRpcClient.newBuilder(HttpTransport.of(server.uri())).build()) {
            positionalParams(client);
            namedParams(client);
            notification(client);
            batch(client);
            proxy(client);
            asyncCalls(client);
            errorResponse(client);
            invalidResponses(client);
            timeout(client);
            idGenerators(client);
            logging();
            rawMessages(client);
        }
        zeroMq();
        out.plain("", "That was every feature. To try the commands yourself, keep a server running:",
                "  jsonrpc demo --serve");
        out.flush();
    }

    private void positionalParams(JsonRpcClient client) {
        section(0);
        out.line("java", "client.request(\"add\", 1, 2, 3)");
        out.line("shell", "jsonrpc call " + url + " add 1 2 3");
        JsonNode sum = client.request("add", 1, 2, 3);
        out.line("sent", lastRequest().bodyText());
        out.line("result", sum.toString());
    }

    private void namedParams(JsonRpcClient client) {
        section(1);
        out.line("java", "client.request(\"cat\", Params.named(Map.of(\"name\", \"Yoko\")))");
        out.line("shell", "jsonrpc call " + url + " cat name=Yoko");
        JsonNode meow = client.request("cat", Params.named(Map.of("name", "Yoko")));
        out.line("sent", lastRequest().bodyText());
        out.line("result", meow.toString());
    }

    private void notification(JsonRpcClient client) {
        section(2);
        out.line("java", "client.notify(\"echo\", \"fire and forget\")");
        out.line("shell", "jsonrpc notify " + url + " echo 'fire and forget'");
        client.notify("echo", "fire and forget");
        out.line("sent", lastRequest().bodyText());
        out.line("result", "none: a notification has no id, so the server sends no reply");
    }

    private void batch(JsonRpcClient client) {
        section(3);
        out.line("java", """
                client.send(client.batch()
                        .request("add", 1, 2)
                        .request("cat", Params.named(Map.of("name", "Tom")))
                        .notification("echo", "log me")
                        .request("fail")
                        .build())""");
        Batch batch = client.batch()
                .request("add", 1, 2)
                .request("cat", Params.named(Map.of("name", "Tom")))
                .notification("echo", "log me")
                .request("fail")
                .build();
        BatchResponse replies = client.send(batch);
        out.line("sent", lastRequest().bodyText());
        for (Request request : batch.requests()) {
            Response response = replies.get(request.id()).orElseThrow();
            out.line("id " + request.id(), request.method() + " -> " + describe(response));
        }
        out.text("Responses are matched to requests by id, in whatever order the server sends them.");
        out.text("The notification gets no response; an error in a batch is a value, not an exception.");
        out.line("shell", "jsonrpc send " + url + " '[...]'   (prints the array of responses, exit code 0)");
    }

    /** The demo server's methods as a Java interface, for {@link JsonRpcClient#proxy(Class)}. */
    interface DemoApi {
        int add(int... numbers);

        String cat(@JsonRpcParam("name") String name);

        @JsonRpcNotification
        void echo(String message);

        JsonNode fail();
    }

    private void proxy(JsonRpcClient client) {
        section(4);
        out.text("Describe the server as a Java interface and let the client implement it:");
        out.line("java", """
                interface DemoApi {
                    int add(int... numbers);                           // positional params
                    String cat(@JsonRpcParam("name") String name);     // named params
                    @JsonRpcNotification void echo(String message);    // a notification
                    JsonNode fail();
                }
                DemoApi api = client.proxy(DemoApi.class);""");
        DemoApi api = client.proxy(DemoApi.class);
        out.plain("");
        out.line("java", "api.add(1, 2, 3)");
        int sum = api.add(1, 2, 3);
        out.line("sent", lastRequest().bodyText());
        out.line("result", String.valueOf(sum));
        out.line("java", "api.cat(\"Yoko\")");
        String meow = api.cat("Yoko");
        out.line("sent", lastRequest().bodyText());
        out.line("result", "\"" + meow + "\"");
        out.line("java", "api.echo(\"fire and forget\")");
        api.echo("fire and forget");
        out.line("sent", lastRequest().bodyText());
        out.line("java", "api.fail()");
        try {
            api.fail();
            throw new IllegalStateException("the demo's fail method did not fail");
        } catch (ErrorResponseException e) {
            drain();
            out.line("thrown", "ErrorResponseException, as a direct call throws: " + e.getMessage());
        }
        out.text("@JsonRpcMethod(\"name\") renames a method; List<Pet>, records and Optional<T> results are");
        out.text("bound by the codec; a CompletableFuture<T> return type makes the call async.");
    }

    private void asyncCalls(JsonRpcClient client) {
        section(5);
        out.text("Every call has an async twin returning a CompletableFuture; no thread waits while it is");
        out.text("in flight. Two half-second sleeps, sent together:");
        out.line("java", """
                CompletableFuture<JsonNode> first = client.requestAsync("sleep", 0.5);
                CompletableFuture<JsonNode> second = client.requestAsync("sleep", 0.5);
                CompletableFuture.allOf(first, second).join();""");
        long start = System.nanoTime();
        int before = server.requestCount();
        CompletableFuture<JsonNode> first = client.requestAsync("sleep", 0.5);
        CompletableFuture<JsonNode> second = client.requestAsync("sleep", 0.5);
        // Evidence that does not depend on the machine's speed: the server held both requests
        // while the first was still unanswered.
        boolean bothInFlight = awaitRequests(before + 2) && !first.isDone();
        CompletableFuture.allOf(first, second).join();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        drain();
        out.line("result", "both done after " + Durations.format(took)
                + (bothInFlight ? "; the server had both requests before it answered either" : ""));

        out.plain("");
        out.text("Many calls in flight to one server can share a few connections: opt-in HTTP/1.1 pipelining");
        out.text("writes a call without waiting for the replies before it on its connection.");
        out.line("java", """
                HttpTransport pipelined = HttpTransport.newBuilder(uri)
                        .engine(HttpEngines.socketPipelining(2, 8)).build();   // 2 connections, 8 calls on each
                List<CompletableFuture<Integer>> sums = ...;   // 16 × client.requestAsync(Integer.class, "add", i, i)""");
        try (JsonRpcClient pipelined = JsonRpcClient.newBuilder(HttpTransport.newBuilder(server.uri())
                .engine(HttpEngines.socketPipelining(2, 8)).build()).build()) {
            var sums = new ArrayList<CompletableFuture<Integer>>();
            for (int i = 1; i <= 16; i++) {
                sums.add(pipelined.requestAsync(Integer.class, "add", i, i));
            }
            var results = new ArrayList<Integer>();
            for (CompletableFuture<Integer> sum : sums) {
                results.add(sum.join());
            }
            drain();
            out.line("result", results + "   (each its own answer, at most 2 connections)");
        }

        out.plain("");
        out.text("A typed batch keeps each call's type: adding a call returns a handle to its result.");
        out.line("java", """
                BatchBuilder batch = client.batch();
                BatchCall<Integer> sum = batch.call(Integer.class, "add", 1, 2);
                BatchCall<String> meow = batch.call(String.class, "cat", Params.named(Map.of("name", "Tom")));
                BatchCall<String> fail = batch.call(String.class, "fail");
                batch.sendAsync().join();""");
        BatchBuilder batch = client.batch();
        BatchCall<Integer> sum = batch.call(Integer.class, "add", 1, 2);
        BatchCall<String> meow = batch.call(String.class, "cat", Params.named(Map.of("name", "Tom")));
        BatchCall<String> fail = batch.call(String.class, "fail");
        batch.sendAsync().join();
        out.line("sent", lastRequest().bodyText());
        out.line("sum", sum.get() + "   (sum.get(), an Integer)");
        out.line("meow", "\"" + meow.get() + "\"   (meow.get(), a String)");
        try {
            fail.get();
            throw new IllegalStateException("the demo's fail method did not fail");
        } catch (ErrorResponseException e) {
            out.line("fail", "fail.get() throws ErrorResponseException " + e.code() + ": " + e.message());
        }
        out.text("One failed call does not hide the others' results.");
    }

    private void errorResponse(JsonRpcClient client) {
        section(6);
        out.line("java", "client.request(\"fail\")");
        out.line("shell", "jsonrpc call " + url + " fail   (exit code 1; 'error CODE: MESSAGE' and data on stderr)");
        try {
            client.request("fail");
            throw new IllegalStateException("the demo's fail method did not fail");
        } catch (ErrorResponseException e) {
            out.line("sent", lastRequest().bodyText());
            out.line("thrown", "ErrorResponseException");
            out.line("code", String.valueOf(e.code()));
            out.line("message", e.message());
            out.line("data", e.data().toString());
        }
    }

    private void invalidResponses(JsonRpcClient client) {
        section(7);
        out.text("Every reply is checked against the JSON-RPC 2.0 rules and against the request it answers.");
        out.text("These replies are scripted on the server, as a well-behaved server never sends them.");
        String wrongId = "{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":999}";
        server.enqueue(MockReply.json(wrongId));
        out.line("java", "client.request(\"add\", 1, 2)");
        try {
            client.request("add", 1, 2);
            throw new IllegalStateException("a reply with the wrong id was accepted");
        } catch (InvalidResponseException e) {
            out.line("sent", lastRequest().bodyText());
            out.line("reply", wrongId);
            out.line("thrown", "InvalidResponseException, rule " + e.violation());
            out.line("message", e.getMessage());
        }

        out.plain("");
        out.text("A reply in JSON-RPC 1.0 style, as some older servers (Bitcoin Core ...) send:");
        String legacy = "{\"result\":3,\"error\":null,\"id\":\"legacy-1\"}";
        server.enqueue(MockReply.json(legacy)).enqueue(MockReply.json(legacy));
        Request request = Request.of("add", Params.of(1, 2), Id.of("legacy-1"));
        out.line("java", "client.send(Request.of(\"add\", Params.of(1, 2), Id.of(\"legacy-1\")))");
        out.line("reply", legacy);
        try {
            client.send(request);
            throw new IllegalStateException("a JSON-RPC 1.0 reply passed strict validation");
        } catch (InvalidResponseException e) {
            out.line("strict", "InvalidResponseException, rule " + e.violation());
        }
        try (JsonRpcClient lenient = client.toBuilder().validation(Validation.LENIENT).build()) {
            Response response = lenient.send(request);
            out.line("lenient", describe(response) + "   (Validation.LENIENT; jsonrpc call --lenient)");
        }
        drain();
    }

    private void timeout(JsonRpcClient client) {
        section(8);
        out.line("java", "client.with(CallOptions.newBuilder().timeout(Duration.ofMillis(300)).build())"
                + ".request(\"sleep\", 2)");
        out.line("shell", "jsonrpc call --timeout 300ms " + url + " sleep 2   (exit code 4)");
        CallOptions quick = CallOptions.newBuilder().timeout(SHORT_TIMEOUT).build();
        long start = System.nanoTime();
        try {
            client.with(quick).request("sleep", 2);
            throw new IllegalStateException("a two-second sleep finished within " + SHORT_TIMEOUT);
        } catch (RequestTimeoutException e) {
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            out.line("sent", lastRequest().bodyText());
            out.line("thrown", "RequestTimeoutException after " + Durations.format(waited));
            out.line("message", e.getMessage());
        }
    }

    private void idGenerators(JsonRpcClient client) {
        section(9);
        out.text("Each client numbers its requests from a generator; the ids of three calls each:");
        Map<String, IdGenerator> styles = new LinkedHashMap<>();
        styles.put("decimal", IdGenerators.decimal());
        styles.put("hex", IdGenerators.hex());
        styles.put("uuid", IdGenerators.uuid());
        styles.put("random", IdGenerators.random());
        for (Map.Entry<String, IdGenerator> style : styles.entrySet()) {
            try (JsonRpcClient styled = client.toBuilder().idGenerator(style.getValue()).build()) {
                for (int i = 0; i < 3; i++) {
                    styled.request("echo");
                }
            }
            List<String> ids = drain().stream().map(r -> r.json().get("id").toString()).toList();
            out.line(style.getKey(), String.join(", ", ids));
        }
        client.send(Request.of("echo", Params.none(), Id.of("my-own-id")));
        out.line("explicit", lastRequest().json().get("id") + "   (Request.of(\"echo\", Params.none(), Id.of(\"my-own-id\")))");
        out.text("decimal is the default; hex counts 8, 9, a, b ...; an explicit id on one request wins.");
        out.line("shell", "jsonrpc call --id uuid " + url + " echo");
    }

    private void logging() {
        section(10);
        out.text("Exchanges are logged on the SLF4J loggers io.jsonrpcclient.request and");
        out.text("io.jsonrpcclient.response at DEBUG (jsonrpc -v turns them on). On for one call here,");
        out.text("made with a bearer token and a password param; secrets show as ***:");
        HttpTransport transport = HttpTransport.newBuilder(server.uri()).bearerToken("demo-token-s3cr3t").build();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("user", "yoko");
        params.put("password", "hunter2");
        out.line("java", "client.request(\"echo\", Params.named(Map.of(\"user\", \"yoko\", \"password\", \"hunter2\")))");
        var logged = new StringWriter();
        try (JsonRpcClient client = JsonRpcClient.newBuilder(transport).build()) {
            ExchangeLog.Session session = ExchangeLog.to(new PrintWriter(logged));
            try {
                ExchangeLog.headers(client.endpoint(), transport.defaults().headers());
                client.request("echo", Params.named(params));
            } finally {
                session.close();
            }
        }
        List<String> lines = logged.toString().lines().toList();
        out.lines("logged", lines.isEmpty() ? List.of("(nothing: another SLF4J backend took over)") : lines);
        RecordedRequest request = lastRequest();
        out.line("wire", "Authorization: " + request.header("Authorization").orElse("(none)")
                + "   (the server gets the real values; only the logs hide them)");
        out.line("shell", "jsonrpc call -v --bearer demo-token-s3cr3t " + url + " echo user=yoko password=hunter2");
    }

    private void rawMessages(JsonRpcClient client) {
        section(11);
        String text = "[{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[40,2],\"id\":\"a\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"nope\",\"id\":\"b\"}]";
        out.text("Text you already have (a request, a notification or a batch) goes as it is;");
        out.text("the reply is still checked against the ids it carries.");
        out.line("java", "client.send(\"" + text.replace("\"", "\\\"") + "\")");
        out.line("shell", "jsonrpc send " + url + " '" + text + "'");
        Reply reply = client.send(text);
        drain();
        List<Response> responses = reply instanceof BatchResponse batch ? batch.all() : List.of();
        out.line("reply", JsonPrinter.pretty(JsonPrinter.toJson(responses)));
    }

    /** Over ZeroMQ, against the demo's ROUTER server: a REQ socket, then a DEALER with calls in flight together. */
    private void zeroMq() {
        section(SECTIONS.indexOf("ZeroMQ: REQ and DEALER"));
        try (DemoZeroMqServer zmq = DemoZeroMqServer.start(0)) {
            String endpoint = zmq.endpoint();
            out.text("The same methods over ZeroMQ (module jsonrpcclient-zeromq, JeroMQ), served on " + endpoint + ".");
            out.text("A REQ socket, the default, carries one call at a time and answers from any server:");
            out.line("java", "JsonRpcClient.newBuilder(ZeroMqTransport.of(\"" + endpoint + "\")).build()");
            try (JsonRpcClient req = JsonRpcClient.newBuilder(io.jsonrpcclient.zeromq.ZeroMqTransport.of(endpoint))
                    .build()) {
                out.line("result", "add 1 2 3 -> " + req.request("add", 1, 2, 3));
                req.notify("echo", "over ZeroMQ");
                out.line("notify", "sent; the server's empty reply was read, so the socket is ready for the next call");
            }
            out.line("shell", "jsonrpc call " + zmq.url() + " add 1 2 3");
            out.plain("");
            out.text("A DEALER socket keeps many calls in flight on one socket, replies matched by id:");
            out.line("java", """
                    ZeroMqTransport dealer = ZeroMqTransport.newBuilder("%s")
                            .socketType(ZeroMqTransport.SocketType.DEALER).build();
                    CompletableFuture.allOf(client.requestAsync("sleep", 0.3), client.requestAsync("sleep", 0.3),
                            client.requestAsync("sleep", 0.3)).join();""".formatted(endpoint));
            var dealer = io.jsonrpcclient.zeromq.ZeroMqTransport.newBuilder(endpoint)
                    .socketType(io.jsonrpcclient.zeromq.ZeroMqTransport.SocketType.DEALER).build();
            try (JsonRpcClient client = JsonRpcClient.newBuilder(dealer).build()) {
                long start = System.nanoTime();
                CompletableFuture.allOf(client.requestAsync("sleep", 0.3), client.requestAsync("sleep", 0.3),
                        client.requestAsync("sleep", 0.3)).join();
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                out.line("result", "three 300ms sleeps done after " + Durations.format(took)
                        + (took.compareTo(Duration.ofMillis(900)) < 0 ? ": they ran side by side" : ""));
            }
            out.line("shell", "jsonrpc call --zmq-socket dealer " + zmq.url() + " sleep 0.3");
        }
    }

    private void section(int index) {
        out.section(SECTIONS.get(index));
        out.flush();
    }

    private static String describe(Response response) {
        if (response instanceof Response.Failure failure) {
            return "error " + failure.error().code() + ": " + failure.error().message();
        }
        return ((Response.Success) response).result().toString();
    }

    /** {@return the newest request the server received, after taking every one not yet taken} */
    private RecordedRequest lastRequest() {
        List<RecordedRequest> requests = drain();
        if (requests.isEmpty()) {
            throw new IllegalStateException("the demo server received no request");
        }
        return requests.get(requests.size() - 1);
    }

    /** Waits, at most {@link #TAKE_TIMEOUT}, until the server has received {@code count} requests in all. */
    private boolean awaitRequests(int count) {
        long deadline = System.nanoTime() + TAKE_TIMEOUT.toNanos();
        while (server.requestCount() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private List<RecordedRequest> drain() {
        List<RecordedRequest> requests = new ArrayList<>();
        while (taken < server.requestCount()) {
            requests.add(server.takeRequest(TAKE_TIMEOUT));
            taken++;
        }
        return requests;
    }
}
