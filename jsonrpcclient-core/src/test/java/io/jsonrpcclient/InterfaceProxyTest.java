package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jsonrpcclient.http.HttpTestSupport;
import io.jsonrpcclient.http.HttpTransport;
import io.jsonrpcclient.testing.MethodError;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import java.lang.reflect.Proxy;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code client.proxy(Interface.class)} against a real loopback server: what each kind of method sends and returns. */
@Timeout(30)
class InterfaceProxyTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private MockJsonRpcServer server;
    private JsonRpcClient client;
    private String url;
    private final CountDownLatch release = new CountDownLatch(1);

    public record Pet(String name, int age) {
    }

    public interface Calculator {
        int add(int a, int b);

        @JsonRpcMethod("subtract")
        int minus(int a, int b);

        long sum(int... numbers);

        String cat(@JsonRpcParam("name") String name);

        @JsonRpcMethod(value = "greet", namedParams = true)
        String greet(String name, String greeting);

        JsonNode echo(Object first, Object second);

        @JsonRpcMethod("echo")
        JsonNode echoNamed(@JsonRpcParam("a") Optional<String> a, @JsonRpcParam("b") Optional<Integer> b);

        @JsonRpcMethod("echo")
        JsonNode echoPositional(Optional<String> a, Optional<Integer> b);

        @JsonRpcMethod("echo")
        JsonNode echoParams(Params params);

        JsonNode ping();

        List<Pet> pets();

        Map<String, Pet> petsByName();

        Pet pet(String name);

        Optional<Pet> find(String name);

        @JsonRpcMethod("add")
        CompletableFuture<Integer> addLater(int a, int b);

        @JsonRpcMethod("pets")
        CompletionStage<List<Pet>> petsLater();

        CompletableFuture<String> held();

        @JsonRpcNotification
        void log(String line);

        @JsonRpcNotification
        @JsonRpcMethod("log")
        CompletableFuture<Void> logLater(String line);

        void reset();

        @JsonRpcMethod("reset")
        CompletableFuture<Void> resetLater();

        int divide(int a, int b);

        @JsonRpcMethod("divide")
        CompletableFuture<Integer> divideLater(int a, int b);

        @JsonRpcMethod("nothing")
        int nothingAsInt();

        @JsonRpcMethod("nothing")
        Integer nothingAsInteger();

        default int twice(int a) {
            return add(a, a);
        }

        @Override
        String toString();
    }

    /** Not public: default methods and proxies work for package-private interfaces too. */
    interface Hidden {
        int add(int a, int b);

        default int addThree(int a) {
            return add(a, 3);
        }
    }

    public interface Crud<T> {
        T get(String name);

        List<T> all();

        CompletableFuture<Optional<T>> maybe(String name);
    }

    public interface PetCrud extends Crud<Pet> {
    }

    @BeforeEach
    void start() {
        server = MockJsonRpcServer.start();
        server.method("add", params -> IntNode.valueOf(params.get(0).asInt() + params.get(1).asInt()));
        server.method("subtract", params -> IntNode.valueOf(params.get(0).asInt() - params.get(1).asInt()));
        server.method("sum", params -> {
            long total = 0;
            for (JsonNode n : params) {
                total += n.asLong();
            }
            return JSON.numberNode(total);
        });
        server.method("cat", params -> TextNode.valueOf(params.get("name").asText() + " says meow"));
        server.method("greet", params -> TextNode.valueOf(params.get("greeting").asText() + ", "
                + params.get("name").asText()));
        server.method("echo", params -> params);
        server.method("ping", params -> TextNode.valueOf("pong"));
        server.method("pets", params -> JSON.arrayNode().add(pet("Yoko", 3)).add(pet("Tom", 5)));
        server.method("petsByName", params -> JSON.objectNode().set("Yoko", pet("Yoko", 3)));
        server.method("pet", params -> pet(params.get(0).asText(), 3));
        server.method("get", params -> pet(params.get(0).asText(), 4));
        server.method("all", params -> JSON.arrayNode().add(pet("Rex", 2)));
        server.method("find", params -> "Yoko".equals(params.get(0).asText()) ? pet("Yoko", 3) : null);
        server.method("maybe", params -> "Yoko".equals(params.get(0).asText()) ? pet("Yoko", 3) : null);
        server.method("log", params -> null);
        server.method("reset", params -> null);
        server.method("nothing", params -> null);
        server.method("held", params -> {
            if (!release.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("the test never released the held call");
            }
            return TextNode.valueOf("released");
        });
        server.method("divide", params -> {
            throw new MethodError(-32000, "division by zero", TextNode.valueOf("b was 0"));
        });
        url = server.uri().toString();
        client = JsonRpcClient.newBuilder(HttpTransport.of(server.uri())).build();
    }

    @AfterEach
    void stop() {
        release.countDown();
        client.close();
        server.close();
    }

    private static ObjectNode pet(String name, int age) {
        return JSON.objectNode().put("name", name).put("age", age);
    }

    private String sent() {
        return server.takeRequest().bodyText();
    }

    // ---------------------------------------------------------------- names and params

    @Test
    void aMethodCallsTheServerMethodOfItsNameWithPositionalParams() {
        Calculator calculator = client.proxy(Calculator.class);

        assertThat(calculator.add(1, 2)).isEqualTo(3);
        assertThat(sent()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1}");
    }

    @Test
    void jsonRpcMethodRenamesTheCall() {
        assertThat(client.proxy(Calculator.class).minus(5, 3)).isEqualTo(2);
        assertThat(sent()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"subtract\",\"params\":[5,3],\"id\":1}");
    }

    @Test
    void varargsAreSpreadIntoThePositionalParams() {
        assertThat(client.proxy(Calculator.class).sum(1, 2, 3)).isEqualTo(6L);
        assertThat(sent()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2,3],\"id\":1}");
    }

    @Test
    void aMethodWithoutParametersSendsNoParamsMember() {
        assertThat(client.proxy(Calculator.class).ping()).isEqualTo(TextNode.valueOf("pong"));
        assertThat(sent()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}");
    }

    @Test
    void jsonRpcParamSendsNamedParams() {
        assertThat(client.proxy(Calculator.class).cat("Yoko")).isEqualTo("Yoko says meow");
        assertThat(sent()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"cat\",\"params\":{\"name\":\"Yoko\"},\"id\":1}");
    }

    @Test
    void namedParamsTakeTheCompiledParameterNamesInDeclarationOrder() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Calculator.class.getMethod("greet", String.class, String.class).getParameters()[0].isNamePresent(),
                "the tests were compiled without -parameters");

        assertThat(client.proxy(Calculator.class).greet("Yoko", "Hello")).isEqualTo("Hello, Yoko");
        assertThat(sent()).isEqualTo(
                "{\"jsonrpc\":\"2.0\",\"method\":\"greet\",\"params\":{\"name\":\"Yoko\",\"greeting\":\"Hello\"},\"id\":1}");
    }

    @Test
    void anEmptyOptionalLeavesANamedParamOutAndAPresentOneSendsItsValue() {
        Calculator calculator = client.proxy(Calculator.class);

        assertThat(calculator.echoNamed(Optional.of("x"), Optional.empty()).toString()).isEqualTo("{\"a\":\"x\"}");
        assertThat(calculator.echoNamed(Optional.empty(), Optional.of(7)).toString()).isEqualTo("{\"b\":7}");
        assertThat(sent()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":{\"a\":\"x\"},\"id\":1}");
        assertThat(sent()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":{\"b\":7},\"id\":2}");
    }

    @Test
    void anEmptyOptionalIsNullInPositionalParams() {
        JsonNode echoed = client.proxy(Calculator.class).echoPositional(Optional.empty(), Optional.of(7));

        assertThat(echoed.toString()).isEqualTo("[null,7]");
    }

    @Test
    void aParamsParameterIsSentAsItIs() {
        Calculator calculator = client.proxy(Calculator.class);

        assertThat(calculator.echoParams(Params.named(Map.of("k", 1))).toString()).isEqualTo("{\"k\":1}");
        calculator.echoParams(Params.none());
        assertThat(sent()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":{\"k\":1},\"id\":1}");
        assertThat(sent()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"id\":2}");
    }

    @Test
    void nullArgumentsAreSentAsJsonNull() {
        assertThat(client.proxy(Calculator.class).echo(null, "b").toString()).isEqualTo("[null,\"b\"]");
    }

    // ---------------------------------------------------------------- results

    @Test
    void resultsAreBoundToGenericReturnTypesAndRecords() {
        Calculator calculator = client.proxy(Calculator.class);

        assertThat(calculator.pets()).containsExactly(new Pet("Yoko", 3), new Pet("Tom", 5));
        assertThat(calculator.petsByName()).containsExactly(Map.entry("Yoko", new Pet("Yoko", 3)));
        assertThat(calculator.pet("Rex")).isEqualTo(new Pet("Rex", 3));
    }

    @Test
    void anOptionalResultIsEmptyForJsonNull() {
        Calculator calculator = client.proxy(Calculator.class);

        assertThat(calculator.find("Yoko")).contains(new Pet("Yoko", 3));
        assertThat(calculator.find("Garfield")).isEmpty();
    }

    @Test
    void aNullResultForAPrimitiveIsAnInvalidResponseButForABoxedTypeIsNull() {
        Calculator calculator = client.proxy(Calculator.class);

        assertThatThrownBy(calculator::nothingAsInt)
                .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
                    assertThat(e.violation()).isEqualTo(InvalidResponseException.Violation.RESULT_TYPE);
                    assertThat(e.getMessage()).isEqualTo("invalid response (RESULT_TYPE): the result is null,"
                            + " which does not fit int [method nothing, endpoint " + url + "]");
                });
        assertThat(calculator.nothingAsInteger()).isNull();
    }

    @Test
    void typeVariablesOfAGenericSuperInterfaceAreBound() throws Exception {
        PetCrud pets = client.proxy(PetCrud.class);

        assertThat(pets.get("Rex")).isEqualTo(new Pet("Rex", 4));
        assertThat(pets.all()).containsExactly(new Pet("Rex", 2));
        assertThat(pets.maybe("Yoko").get(5, TimeUnit.SECONDS)).contains(new Pet("Yoko", 3));
        assertThat(pets.maybe("Garfield").get(5, TimeUnit.SECONDS)).isEmpty();
    }

    // ---------------------------------------------------------------- async

    @Test
    void aCompletableFutureReturnTypeMakesTheCallAsync() throws Exception {
        CompletableFuture<String> call = client.proxy(Calculator.class).held();

        server.takeRequest();
        assertThat(call).isNotDone();
        release.countDown();
        assertThat(call.get(5, TimeUnit.SECONDS)).isEqualTo("released");
    }

    @Test
    void asyncResultsAreBoundLikeBlockingOnes() throws Exception {
        Calculator calculator = client.proxy(Calculator.class);

        assertThat(calculator.addLater(2, 3).get(5, TimeUnit.SECONDS)).isEqualTo(5);
        assertThat(calculator.petsLater().toCompletableFuture().get(5, TimeUnit.SECONDS))
                .containsExactly(new Pet("Yoko", 3), new Pet("Tom", 5));
        assertThat(calculator.resetLater().get(5, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void anAsyncProxiedCallFailsItsFutureWithTheExceptionADirectCallThrows() throws Exception {
        Throwable failure = client.proxy(Calculator.class).divideLater(1, 0)
                .handle((result, error) -> error).get(5, TimeUnit.SECONDS);

        assertThat(failure).isInstanceOf(ErrorResponseException.class)
                .hasMessage("error -32000: division by zero [method divide, endpoint " + url + "]");
    }

    // ---------------------------------------------------------------- notifications and void

    @Test
    void aVoidMethodMarkedJsonRpcNotificationSendsANotification() throws Exception {
        Calculator calculator = client.proxy(Calculator.class);

        calculator.log("hello");
        assertThat(calculator.logLater("later").get(5, TimeUnit.SECONDS)).isNull();

        assertThat(sent()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"log\",\"params\":[\"hello\"]}");
        assertThat(sent()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"log\",\"params\":[\"later\"]}");
    }

    @Test
    void anUnmarkedVoidMethodIsARequestWhoseResultIsIgnored() {
        client.proxy(Calculator.class).reset();

        assertThat(sent()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"reset\",\"id\":1}");
    }

    // ---------------------------------------------------------------- errors

    @Test
    void aProxiedCallThrowsTheExceptionADirectCallThrows() {
        Calculator calculator = client.proxy(Calculator.class);

        Throwable proxied = org.assertj.core.api.Assertions.catchThrowable(() -> calculator.divide(1, 0));
        Throwable direct = org.assertj.core.api.Assertions.catchThrowable(() -> client.request("divide", 1, 0));

        assertThat(proxied).isNotInstanceOf(UndeclaredThrowableException.class)
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.code()).isEqualTo(-32000);
                    assertThat(e.data()).isEqualTo(TextNode.valueOf("b was 0"));
                })
                .hasMessage(direct.getMessage())
                .hasMessage("error -32000: division by zero [method divide, endpoint " + url + "]");
    }

    @Test
    void aTransportFailureOfAProxiedCallIsATransportException() throws Exception {
        String dead = "http://127.0.0.1:" + HttpTestSupport.freePort() + "/";
        try (JsonRpcClient refused = JsonRpcClient.http(dead)) {
            assertThatThrownBy(() -> refused.proxy(Calculator.class).add(1, 2))
                    .isInstanceOf(TransportException.class)
                    .hasMessage("could not connect to " + dead + ": connection refused [method add, endpoint " + dead + "]");
        }
    }

    // ---------------------------------------------------------------- Object methods and default methods

    @Test
    void equalsAndHashCodeAreThoseOfTheProxyObjectAndCallNoServer() {
        Calculator one = client.proxy(Calculator.class);
        Calculator other = client.proxy(Calculator.class);

        assertThat(one).isEqualTo(one);
        assertThat(one).isNotEqualTo(other);
        assertThat(one.equals(null)).isFalse();
        assertThat(one.hashCode()).isEqualTo(System.identityHashCode(one));
        assertThat(java.util.Set.of(one, other)).hasSize(2);
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void toStringNamesTheInterfaceAndTheEndpointEvenWhenTheInterfaceRedeclaresIt() {
        assertThat(client.proxy(Calculator.class).toString()).isEqualTo("Calculator proxy for " + url);
        assertThat(client.proxy(PetCrud.class)).hasToString("PetCrud proxy for " + url);
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void aDefaultMethodRunsItsOwnCodeWhichMayCallTheServer() {
        assertThat(client.proxy(Calculator.class).twice(4)).isEqualTo(8);
        assertThat(sent()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[4,4],\"id\":1}");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void aPackagePrivateInterfaceWorksDefaultMethodsIncluded() {
        Hidden hidden = client.proxy(Hidden.class);

        assertThat(hidden.add(1, 1)).isEqualTo(2);
        assertThat(hidden.addThree(4)).isEqualTo(7);
    }

    @Test
    void theProxyIsAJdkProxyOfTheInterface() {
        Calculator calculator = client.proxy(Calculator.class);

        assertThat(Proxy.isProxyClass(calculator.getClass())).isTrue();
        assertThat(calculator).isInstanceOf(Calculator.class);
    }

    // ---------------------------------------------------------------- client settings

    @Test
    void aProxyOfAViewUsesTheViewsOptions() {
        JsonRpcClient traced = client.with(CallOptions.newBuilder().header("X-Trace-Id", "t-1").build());

        traced.proxy(Calculator.class).add(1, 2);

        assertThat(server.takeRequest().header("X-Trace-Id")).contains("t-1");
    }

    @Test
    void aProxySharesTheClientsIdSequence() {
        client.request("ping");
        client.proxy(Calculator.class).ping();

        sent();
        assertThat(sent()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":2}");
    }
}
