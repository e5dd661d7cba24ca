package io.jsonrpcclient;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.jsonrpcclient.internal.RemoteCalls;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A client seen through the hooks its interface proxies use. */
final class ClientRemoteCalls implements RemoteCalls {

    private final JsonRpcClient client;

    ClientRemoteCalls(JsonRpcClient client) {
        this.client = client;
    }

    @Override
    public String endpoint() {
        return client.endpoint();
    }

    @Override
    public JavaType typeOf(Type type, Class<?> api, Class<?> declaring) {
        if (!mentionsTypeVariable(type)) {
            return client.codec().typeOf(type);
        }
        // The codec offers no type factory to resolve members with, so use Jackson's default one with
        // the bindings the codec found for the interface; only a mapper's type modifiers are lost.
        JavaType declaringType = client.codec().typeOf(api).findSuperType(declaring);
        return TypeFactory.defaultInstance().resolveMemberType(type, declaringType.getBindings());
    }

    private static boolean mentionsTypeVariable(Type type) {
        if (type instanceof TypeVariable<?>) {
            return true;
        }
        if (type instanceof ParameterizedType parameterized) {
            return Arrays.stream(parameterized.getActualTypeArguments()).anyMatch(ClientRemoteCalls::mentionsTypeVariable);
        }
        if (type instanceof GenericArrayType array) {
            return mentionsTypeVariable(array.getGenericComponentType());
        }
        if (type instanceof WildcardType wildcard) {
            return Arrays.stream(wildcard.getUpperBounds()).anyMatch(ClientRemoteCalls::mentionsTypeVariable)
                    || Arrays.stream(wildcard.getLowerBounds()).anyMatch(ClientRemoteCalls::mentionsTypeVariable);
        }
        return false;
    }

    @Override
    public Function<JsonNode, Object> binder(JavaType type) {
        return client.binder(type);
    }

    @Override
    public CompletableFuture<Object> request(String method, Params params, Function<JsonNode, Object> result,
            boolean blocking) {
        return client.startRequest(method, params, result, blocking);
    }

    @Override
    public CompletableFuture<Void> notify(String method, Params params, boolean blocking) {
        return client.startNotification(method, params, blocking);
    }

    @Override
    public <T> T await(CompletableFuture<T> call, String method) {
        return client.await(call, method);
    }
}
