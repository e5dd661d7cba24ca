package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interface is checked once, when the proxy is made: a method that cannot be called is refused
 * with an {@link IllegalArgumentException} naming it and saying why, before anything is sent.
 */
class ProxyValidationTest {

    // Nothing listens here, and no test calls it: every refusal happens before a call.
    private final JsonRpcClient client = JsonRpcClient.http("http://127.0.0.1:9/");

    @AfterEach
    void close() {
        client.close();
    }

    public interface Generic<T> {
        T get();
    }

    public interface GenericMethod {
        <T> T get(String name);
    }

    public interface NotificationWithResult {
        @JsonRpcNotification
        int log(String line);
    }

    public interface NotificationWithFutureResult {
        @JsonRpcNotification
        CompletableFuture<String> log(String line);
    }

    @SuppressWarnings("rawtypes")
    public interface RawFuture {
        CompletableFuture add(int a, int b);
    }

    public interface PlainFuture {
        Future<Integer> add(int a, int b);
    }

    public interface ParamsAndMore {
        String echo(Params params, int extra);
    }

    public interface DuplicateNames {
        String echo(@JsonRpcParam("a") String first, @JsonRpcParam("a") String second);
    }

    public interface EmptyName {
        String echo(@JsonRpcParam("") String first);
    }

    public interface BlankMethodName {
        @JsonRpcMethod(" ")
        String echo(String first);
    }

    public interface Fine {
        int add(int a, int b);

        default int twice(int a) {
            return add(a, a);
        }

        static Fine unused() {
            return null;
        }
    }

    @Test
    void aClassIsNotAnInterface() {
        assertThatThrownBy(() -> client.proxy(String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("java.lang.String is not an interface; only interfaces can be proxied");
    }

    @Test
    void anAnnotationIsNotAnInterfaceToProxy() {
        assertThatThrownBy(() -> client.proxy(JsonRpcMethod.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an interface");
    }

    @Test
    void anInterfaceWithTypeParametersIsRefusedWithTheWayOut() {
        assertThatThrownBy(() -> client.proxy(Generic.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Generic has type parameters, so its result types are unknown; proxy an interface that"
                        + " extends it with concrete types, e.g. interface PetApi extends Generic<Pet> {}");
    }

    @Test
    void aGenericMethodIsRefused() {
        assertThatThrownBy(() -> client.proxy(GenericMethod.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("GenericMethod.get(String): a generic method cannot be proxied");
    }

    @Test
    void aNotificationMustNotExpectAResult() {
        assertThatThrownBy(() -> client.proxy(NotificationWithResult.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("NotificationWithResult.log(String): a @JsonRpcNotification gets no result, so it must"
                        + " return void or CompletableFuture<Void>");
        assertThatThrownBy(() -> client.proxy(NotificationWithFutureResult.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("NotificationWithFutureResult.log(String): a @JsonRpcNotification gets no result");
    }

    @Test
    void aRawFutureMustNameItsResultType() {
        assertThatThrownBy(() -> client.proxy(RawFuture.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RawFuture.add(int, int): name the result type, e.g. CompletableFuture<JsonNode>,"
                        + " or CompletableFuture<Void> to ignore it");
    }

    @Test
    void aFutureThatIsNotACompletableFutureIsRefused() {
        assertThatThrownBy(() -> client.proxy(PlainFuture.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PlainFuture.add(int, int): an async method must return CompletableFuture<T> or"
                        + " CompletionStage<T>, not Future");
    }

    @Test
    void aParamsParameterMustBeTheOnlyOne() {
        assertThatThrownBy(() -> client.proxy(ParamsAndMore.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ParamsAndMore.echo(Params, int): a Params parameter is sent as the whole params,"
                        + " so it must be the only parameter");
    }

    @Test
    void twoParametersMayNotShareAName() {
        assertThatThrownBy(() -> client.proxy(DuplicateNames.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DuplicateNames.echo(String, String): two parameters are named 'a'");
    }

    @Test
    void aParameterNameMayNotBeEmpty() {
        assertThatThrownBy(() -> client.proxy(EmptyName.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EmptyName.echo(String): parameter 1 has an empty @JsonRpcParam name");
    }

    @Test
    void aMethodNameMayNotBeBlank() {
        assertThatThrownBy(() -> client.proxy(BlankMethodName.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BlankMethodName.echo(String): @JsonRpcMethod names a blank method");
    }

    @Test
    void defaultAndStaticMethodsAreNotCheckedAsRemoteCalls() {
        assertThat(client.proxy(Fine.class)).isInstanceOf(Fine.class);
    }

    @Test
    void namedParamsWithoutCompiledNamesAreRefusedWithTheTwoRemedies(@TempDir Path dir) throws Exception {
        Class<?> unnamed = compileWithoutParameterNames(dir, "Unnamed", """
                public interface Unnamed {
                    @io.jsonrpcclient.JsonRpcMethod(namedParams = true)
                    String greet(String name, @io.jsonrpcclient.JsonRpcParam("greeting") String greeting);
                }
                """);

        assertThatThrownBy(() -> client.proxy(unnamed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unnamed.greet(String, String): parameter 1 has no name; annotate it with"
                        + " @JsonRpcParam(\"name\") or compile with javac -parameters");
    }

    /**
     * Compiles one interface as javac does by default, without -parameters, and loads it. The
     * compiler is reached by reflection: these tests compile as a patch of the io.jsonrpcclient
     * module, which does not read java.compiler, though they run on the class path.
     */
    private static Class<?> compileWithoutParameterNames(Path dir, String name, String source) throws Exception {
        Path file = dir.resolve(name + ".java");
        Files.writeString(file, source);
        String annotations = Path.of(JsonRpcMethod.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        Object javac = Class.forName("javax.tools.ToolProvider").getMethod("getSystemJavaCompiler").invoke(null);
        Method run = Class.forName("javax.tools.Tool")
                .getMethod("run", InputStream.class, OutputStream.class, OutputStream.class, String[].class);
        String[] args = {"-classpath", annotations, "-d", dir.toString(), file.toString()};
        int status = (int) run.invoke(javac, null, null, null, args);
        assertThat(status).as("javac exit status").isZero();
        var loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, ProxyValidationTest.class.getClassLoader());
        return loader.loadClass(name);
    }
}
