package io.jsonrpcclient.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.jsonrpcclient.Params;
import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What an interface proxy needs from its client: the calls, with the client's ids, timeouts,
 * exceptions and error mapping. The client implements it in its own package, so these hooks stay
 * off its public API.
 */
public interface RemoteCalls {

    /** {@return where calls go, for the proxy's {@code toString}} */
    String endpoint();

    /**
     * Resolves a type from a method of {@code api} with the client's codec, binding the type
     * variables of the generic interfaces {@code api} extends (as in {@code PetApi extends Crud<Pet>}).
     *
     * @param type      the method's generic return type
     * @param api       the proxied interface
     * @param declaring the interface declaring the method
     * @return the type
     */
    JavaType typeOf(Type type, Class<?> api, Class<?> declaring);

    /**
     * Returns a function binding a result to a type with the client's codec.
     *
     * @param type the type
     * @return the function; it fails with InvalidResponseException when the result does not fit
     */
    Function<JsonNode, Object> binder(JavaType type);

    /**
     * Starts a request.
     *
     * @param method   the method
     * @param params   the params
     * @param result   turns the result into the value the future completes with
     * @param blocking whether the caller will {@link #await} it (complete on the transport's thread)
     * @return the call
     */
    CompletableFuture<Object> request(String method, Params params, Function<JsonNode, Object> result,
            boolean blocking);

    /**
     * Starts a notification.
     *
     * @param method   the method
     * @param params   the params
     * @param blocking whether the caller will {@link #await} it
     * @return the call, completing with null once delivered
     */
    CompletableFuture<Void> notify(String method, Params params, boolean blocking);

    /**
     * Waits for a call as the client's blocking methods do, throwing what they throw.
     *
     * @param call   the call
     * @param method the method, for exceptions
     * @param <T>    the value's type
     * @return the value
     */
    <T> T await(CompletableFuture<T> call, String method);
}
