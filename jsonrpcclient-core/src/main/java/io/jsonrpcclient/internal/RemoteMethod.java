package io.jsonrpcclient.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.jsonrpcclient.InvalidResponseException;
import io.jsonrpcclient.InvalidResponseException.Violation;
import io.jsonrpcclient.JsonRpcMethod;
import io.jsonrpcclient.JsonRpcNotification;
import io.jsonrpcclient.JsonRpcParam;
import io.jsonrpcclient.Params;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One method of a proxied interface, read once when the proxy is made: the JSON-RPC method it
 * calls, how its arguments become params, whether it is a notification, whether it waits, and how
 * the result becomes its return value. Immutable.
 */
final class RemoteMethod {

    /** How arguments become params. */
    private enum Style { POSITIONAL, NAMED, AS_GIVEN }

    private static final Function<JsonNode, Object> IGNORE_RESULT = result -> null;

    private final String name;
    private final Style style;
    private final List<String> paramNames;
    private final boolean spreadVarargs;
    private final boolean notification;
    private final boolean async;
    private final Function<JsonNode, Object> result;

    private RemoteMethod(String name, Style style, List<String> paramNames, boolean spreadVarargs,
            boolean notification, boolean async, Function<JsonNode, Object> result) {
        this.name = name;
        this.style = style;
        this.paramNames = paramNames;
        this.spreadVarargs = spreadVarargs;
        this.notification = notification;
        this.async = async;
        this.result = result;
    }

    /**
     * Reads a method.
     *
     * @throws IllegalArgumentException naming the method, if it cannot be called this way
     */
    static RemoteMethod of(Method method, Class<?> api, RemoteCalls calls) {
        String where = signature(method);
        if (method.getTypeParameters().length > 0) {
            throw new IllegalArgumentException(where + ": a generic method cannot be proxied, as its result type"
                    + " is not known until it is called; declare one method per result type");
        }
        JsonRpcMethod rename = method.getAnnotation(JsonRpcMethod.class);
        String name = rename == null || rename.value().isEmpty() ? method.getName() : rename.value();
        if (name.isBlank()) {
            throw new IllegalArgumentException(where + ": @JsonRpcMethod names a blank method");
        }
        boolean notification = method.isAnnotationPresent(JsonRpcNotification.class);
        Class<?> returned = method.getReturnType();
        boolean async = returned == CompletableFuture.class || returned == CompletionStage.class;
        if (!async && (Future.class.isAssignableFrom(returned) || CompletionStage.class.isAssignableFrom(returned))) {
            throw new IllegalArgumentException(where + ": an async method must return CompletableFuture<T> or"
                    + " CompletionStage<T>, not " + returned.getSimpleName());
        }
        if (async && !(method.getGenericReturnType() instanceof ParameterizedType)) {
            throw new IllegalArgumentException(where + ": name the result type, e.g. CompletableFuture<JsonNode>,"
                    + " or CompletableFuture<Void> to ignore it");
        }
        Function<JsonNode, Object> result = result(method, api, calls, async);
        if (notification && result != IGNORE_RESULT) {
            throw new IllegalArgumentException(where + ": a @JsonRpcNotification gets no result, so it must return"
                    + " void or CompletableFuture<Void>");
        }
        Parameter[] parameters = method.getParameters();
        Style style = style(method, parameters, rename);
        List<String> names = style == Style.NAMED ? names(where, parameters) : List.of();
        return new RemoteMethod(name, style, names, style == Style.POSITIONAL && method.isVarArgs(), notification,
                async, result);
    }

    private static Function<JsonNode, Object> result(Method method, Class<?> api, RemoteCalls calls, boolean async) {
        if (method.getReturnType() == void.class) {
            return IGNORE_RESULT;
        }
        JavaType declared = calls.typeOf(method.getGenericReturnType(), api, method.getDeclaringClass());
        JavaType type = async ? declared.containedTypeOrUnknown(0) : declared;
        Class<?> raw = type.getRawClass();
        if (raw == Void.class) {
            return IGNORE_RESULT;
        }
        Function<JsonNode, Object> bind = calls.binder(type);
        if (raw == Optional.class) {
            Function<JsonNode, Object> bindPresent = calls.binder(type.containedTypeOrUnknown(0));
            // Bound here rather than by the mapper, so it works without jackson-datatype-jdk8.
            return json -> json.isNull() ? Optional.empty() : Optional.ofNullable(bindPresent.apply(json));
        }
        if (raw.isPrimitive()) {
            return json -> {
                if (json.isNull()) {
                    throw new InvalidResponseException(Violation.RESULT_TYPE,
                            "the result is null, which does not fit " + raw.getName());
                }
                return bind.apply(json);
            };
        }
        return bind;
    }

    private static Style style(Method method, Parameter[] parameters, JsonRpcMethod annotation) {
        long given = Arrays.stream(parameters).filter(p -> Params.class.isAssignableFrom(p.getType())).count();
        if (given > 0) {
            if (parameters.length > 1) {
                throw new IllegalArgumentException(signature(method) + ": a Params parameter is sent as the"
                        + " whole params, so it must be the only parameter");
            }
            return Style.AS_GIVEN;
        }
        boolean named = (annotation != null && annotation.namedParams())
                || Arrays.stream(parameters).anyMatch(p -> p.isAnnotationPresent(JsonRpcParam.class));
        return named ? Style.NAMED : Style.POSITIONAL;
    }

    private static List<String> names(String where, Parameter[] parameters) {
        var names = new ArrayList<String>();
        var seen = new HashSet<String>();
        for (int i = 0; i < parameters.length; i++) {
            Parameter parameter = parameters[i];
            JsonRpcParam annotation = parameter.getAnnotation(JsonRpcParam.class);
            String name;
            if (annotation != null) {
                name = annotation.value();
            } else if (parameter.isNamePresent()) {
                name = parameter.getName();
            } else {
                throw new IllegalArgumentException(where + ": parameter " + (i + 1) + " has no name; annotate it"
                        + " with @JsonRpcParam(\"name\") or compile with javac -parameters");
            }
            if (name.isEmpty()) {
                throw new IllegalArgumentException(where + ": parameter " + (i + 1) + " has an empty @JsonRpcParam name");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException(where + ": two parameters are named '" + name + "'");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    /**
     * Calls the server.
     *
     * @param calls the client
     * @param args  the arguments, or null for none
     * @return the return value: the future for an async method, else the bound result (null for void)
     */
    Object invoke(RemoteCalls calls, Object[] args) {
        Params params = params(args == null ? new Object[0] : args);
        CompletableFuture<?> call = notification
                ? calls.notify(name, params, !async)
                : calls.request(name, params, result, !async);
        return async ? call : calls.await(call, name);
    }

    private Params params(Object[] args) {
        return switch (style) {
            case AS_GIVEN -> args[0] == null ? Params.none() : (Params) args[0];
            case NAMED -> named(args);
            case POSITIONAL -> positional(args);
        };
    }

    private Params named(Object[] args) {
        var values = new LinkedHashMap<String, Object>();
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (arg instanceof Optional<?> optional) {
                // An empty Optional is a named parameter not given: JSON-RPC's way to leave one out.
                if (optional.isPresent()) {
                    values.put(paramNames.get(i), optional.get());
                }
            } else {
                values.put(paramNames.get(i), arg);
            }
        }
        return Params.named(values);
    }

    private Params positional(Object[] args) {
        var values = new ArrayList<Object>(args.length);
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (spreadVarargs && i == args.length - 1) {
                for (int j = 0; arg != null && j < Array.getLength(arg); j++) {
                    values.add(unwrap(Array.get(arg, j)));
                }
            } else {
                values.add(unwrap(arg));
            }
        }
        return values.isEmpty() && args.length == 0 ? Params.none() : Params.positional(values);
    }

    private static Object unwrap(Object arg) {
        return arg instanceof Optional<?> optional ? optional.orElse(null) : arg;
    }

    /** {@return the method as people write it: {@code Calculator.add(int, int)}} */
    static String signature(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName()
                + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
                        .collect(Collectors.joining(", ", "(", ")"));
    }

    @Override
    public String toString() {
        return "RemoteMethod[" + name + ", " + style + (notification ? ", notification" : "")
                + (async ? ", async" : "") + "]";
    }
}
