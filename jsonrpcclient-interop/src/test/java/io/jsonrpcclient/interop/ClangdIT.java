package io.jsonrpcclient.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonrpcclient.ErrorResponseException;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.transport.ConnectionListener;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client against clangd, a real language server, over its stdin and stdout with the Language
 * Server Protocol's {@code Content-Length} framing: the LSP session from {@code initialize} to
 * {@code exit}, a request clangd sends us, and notifications it pushes. Quirks in docs/INTEROP.md.
 */
class ClangdIT {

    @RegisterExtension
    final Clangd clangd = new Clangd();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EVENTS_WITHIN = Duration.ofSeconds(20);

    private JsonNode initialize(Map<String, Object> capabilities) {
        var params = new LinkedHashMap<String, Object>();
        params.put("processId", ProcessHandle.current().pid());
        params.put("rootUri", clangd.workspace().toUri().toString());
        params.put("capabilities", capabilities);
        return clangd.client().request("initialize", Params.named(params));
    }

    @Test
    void initializeAnswersWithTheServersCapabilitiesAndShutdownThenExitEndTheProcessWithCode0() throws Exception {
        JsonRpcClient client = clangd.client();
        CompletableFuture<TransportException> lost = new CompletableFuture<>();
        clangd.transport().onConnectionState(new ConnectionListener() {
            @Override
            public void onDisconnected(TransportException reason) {
                lost.complete(reason);
            }
        });

        JsonNode result = initialize(Map.of());

        JsonNode capabilities = result.get("capabilities");
        assertThat(capabilities.get("textDocumentSync")).isEqualTo(
                JSON.readTree("{\"change\":2,\"openClose\":true,\"save\":true}"));
        assertThat(capabilities.get("hoverProvider").asBoolean()).isTrue();
        assertThat(capabilities.get("definitionProvider").asBoolean()).isTrue();
        assertThat(capabilities.get("documentFormattingProvider").asBoolean()).isTrue();
        assertThat(capabilities.get("completionProvider").get("triggerCharacters"))
                .extracting(JsonNode::asText).contains(".", "<", ">", ":");
        assertThat(capabilities.get("executeCommandProvider").get("commands"))
                .extracting(JsonNode::asText).contains("clangd.applyFix", "clangd.applyTweak");
        assertThat(result.get("serverInfo").get("name").asText()).isEqualTo("clangd");
        assertThat(result.get("serverInfo").get("version").asText()).contains("clangd version " + clangd.version());
        assertThat(clangd.wire().last().received()).startsWith("{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":{\"capabilities\":{");

        client.notify("initialized", Params.named(Map.of()));
        assertThat(client.request("shutdown").isNull()).isTrue();
        assertThat(clangd.wire().last().received()).isEqualTo("{\"id\":2,\"jsonrpc\":\"2.0\",\"result\":null}");
        client.notify("exit");

        TransportException reason = lost.get(10, TimeUnit.SECONDS);
        assertThat(reason.getMessage()).endsWith("exited with code 0");
        TransportException later = catchThrowableOfType(TransportException.class, () -> client.request("shutdown"));
        assertThat(later.getMessage()).contains("exited with code 0");
    }

    @Test
    void theServersWorkDoneProgressCreateRequestIsAnsweredByOnRequestAndItsProgressArrivesAsNotifications() {
        List<JsonNode> created = new CopyOnWriteArrayList<>();
        List<JsonNode> progress = new CopyOnWriteArrayList<>();
        clangd.transport().onRequest("window/workDoneProgress/create", (method, params) -> {
            created.add(params);
            return null;
        });
        clangd.transport().onNotification("$/progress", (method, params) -> progress.add(params), Runnable::run);

        initialize(Map.of("window", Map.of("workDoneProgress", true)));
        clangd.client().notify("initialized", Params.named(Map.of()));
        openMainC();

        Peers.await("clangd's background index to report its end", EVENTS_WITHIN,
                () -> progress.stream().anyMatch(p -> p.path("value").path("kind").asText().equals("end")));
        assertThat(created).extracting(JsonNode::toString).containsExactly("{\"token\":\"backgroundIndexProgress\"}");
        assertThat(progress).allSatisfy(p -> assertThat(p.get("token").asText()).isEqualTo("backgroundIndexProgress"));
        assertThat(progress.get(0).get("value").toString())
                .isEqualTo("{\"kind\":\"begin\",\"percentage\":0,\"title\":\"indexing\"}");
        // "report"s come between, or none at all when the index is done at once (seen both ways).
        assertThat(progress).extracting(p -> p.get("value").get("kind").asText())
                .startsWith("begin").endsWith("end").isSubsetOf("begin", "report", "end");
    }

    @Test
    void openingAFileWithAnErrorBringsAPublishDiagnosticsNotificationNamingTheUndeclaredIdentifier() throws Exception {
        CompletableFuture<JsonNode> diagnostics = new CompletableFuture<>();
        clangd.transport().onNotification("textDocument/publishDiagnostics", (method, params) -> diagnostics.complete(params));
        initialize(Map.of());
        clangd.client().notify("initialized", Params.named(Map.of()));

        openMainC();

        JsonNode published = diagnostics.get(EVENTS_WITHIN.toSeconds(), TimeUnit.SECONDS);
        assertThat(published.get("uri").asText()).isEqualTo(clangd.uri("main.c"));
        assertThat(published.get("version").asInt()).isEqualTo(1);
        assertThat(published.get("diagnostics")).hasSize(1);
        JsonNode d = published.get("diagnostics").get(0);
        assertThat(d.get("message").asText()).isEqualTo("Use of undeclared identifier 'x'");
        assertThat(d.get("code").asText()).isEqualTo("undeclared_var_use");
        assertThat(d.get("severity").asInt()).isEqualTo(1);
        assertThat(d.get("range")).isEqualTo(JSON.readTree(
                "{\"end\":{\"character\":12,\"line\":1},\"start\":{\"character\":11,\"line\":1}}"));
    }

    @Test
    void aRequestBeforeInitializeIsRefusedWithMinus32002ServerNotInitialized() {
        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> clangd.client().request("textDocument/hover", Params.named(Map.of())));

        assertThat(e.code()).isEqualTo(-32002);
        assertThat(e.message()).isEqualTo("server not initialized");
    }

    @Test
    void anUnknownMethodIsMinus32601AndASecondInitializeIsMinus32600() {
        initialize(Map.of());

        ErrorResponseException unknown = catchThrowableOfType(ErrorResponseException.class,
                () -> clangd.client().request("no/such"));
        ErrorResponseException again = catchThrowableOfType(ErrorResponseException.class,
                () -> initialize(Map.of()));

        assertThat(unknown.code()).isEqualTo(-32601);
        assertThat(unknown.message()).isEqualTo("method not found");
        assertThat(again.code()).isEqualTo(-32600);
        assertThat(again.message()).isEqualTo("server already initialized");
    }

    @Test
    void aHoverRequestIsAnsweredWithTheDeclarationUnderTheCursor() {
        initialize(Map.of());
        clangd.client().notify("initialized", Params.named(Map.of()));
        openMainC();

        JsonNode hover = clangd.client().request("textDocument/hover", Params.named(Map.of(
                "textDocument", Map.of("uri", clangd.uri("main.c")),
                "position", Map.of("line", 0, "character", 5))));

        assertThat(hover.get("contents").get("kind").asText()).isEqualTo("plaintext");
        assertThat(hover.get("contents").get("value").asText()).isEqualTo("function main\n\n→ int\n\nint main()");
        assertThat(Optional.ofNullable(hover.get("range")).map(JsonNode::toString)).contains(
                "{\"end\":{\"character\":8,\"line\":0},\"start\":{\"character\":4,\"line\":0}}");
    }

    private void openMainC() {
        clangd.client().notify("textDocument/didOpen", Params.named(Map.of("textDocument", Map.of(
                "uri", clangd.uri("main.c"), "languageId", "c", "version", 1, "text", Clangd.MAIN_C))));
    }
}
