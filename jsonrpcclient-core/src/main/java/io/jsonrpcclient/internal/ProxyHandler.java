package io.jsonrpcclient.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Behind every interface proxy: {@code Object}'s methods answer locally as for any Java object
 * (identity {@code equals} and {@code hashCode}, a {@code toString} naming the interface and the
 * endpoint), default methods run their own code, and every other method calls the server as its
 * {@link RemoteMethod}, read once when the proxy is made, says.
 */
public final class ProxyHandler implements InvocationHandler {

    private final Class<?> api;
    private final RemoteCalls calls;
    private final Map<Method, RemoteMethod> methods;
    private final Map<Method, MethodHandle> hiddenDefaults;

    private ProxyHandler(Class<?> api, RemoteCalls calls, Map<Method, RemoteMethod> methods,
            Map<Method, MethodHandle> hiddenDefaults) {
        this.api = api;
        this.calls = calls;
        this.methods = methods;
        this.hiddenDefaults = hiddenDefaults;
    }

    /**
     * Reads and checks every method of an interface.
     *
     * @param api   the interface
     * @param calls the client
     * @return the handler
     * @throws IllegalArgumentException if {@code api} is not a usable interface, or one of its methods
     *         cannot be called (the message names it)
     */
    public static ProxyHandler of(Class<?> api, RemoteCalls calls) {
        Objects.requireNonNull(api, "api");
        if (!api.isInterface() || api.isAnnotation()) {
            throw new IllegalArgumentException(api.getName() + " is not an interface; only interfaces can be proxied");
        }
        if (api.getTypeParameters().length > 0) {
            throw new IllegalArgumentException(api.getSimpleName() + " has type parameters, so its result types are"
                    + " unknown; proxy an interface that extends it with concrete types, e.g."
                    + " interface PetApi extends " + api.getSimpleName() + "<Pet> {}");
        }
        var methods = new HashMap<Method, RemoteMethod>();
        var hiddenDefaults = new HashMap<Method, MethodHandle>();
        for (Method method : api.getMethods()) {
            if (isRemote(method)) {
                methods.put(method, RemoteMethod.of(method, api, calls));
            } else if (method.isDefault() && !reachable(method.getDeclaringClass())) {
                hiddenDefaults.put(method, defaultMethodHandle(method));
            }
        }
        return new ProxyHandler(api, calls, Map.copyOf(methods), Map.copyOf(hiddenDefaults));
    }

    /** {@return whether InvocationHandler.invokeDefault may run the interface's default methods from here} */
    private static boolean reachable(Class<?> api) {
        return Modifier.isPublic(api.getModifiers())
                && api.getModule().isExported(api.getPackageName(), ProxyHandler.class.getModule());
    }

    /**
     * InvocationHandler.invokeDefault needs the interface to be accessible from this package, so the
     * default methods of a package-private interface (or one in a package its module does not
     * export) are reached through a lookup inside its own package, which its module must open to
     * this library (the class path opens everything).
     */
    private static MethodHandle defaultMethodHandle(Method method) {
        Class<?> declaring = method.getDeclaringClass();
        // A named module reads only what it requires; a method handle lookup, unlike core reflection, checks it.
        ProxyHandler.class.getModule().addReads(declaring.getModule());
        try {
            return MethodHandles.privateLookupIn(declaring, MethodHandles.lookup())
                    .unreflectSpecial(method, declaring)
                    .asFixedArity();
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException(RemoteMethod.signature(method) + ": cannot run this default method of a"
                    + " non-public interface; make the interface public, or open its package to io.jsonrpcclient", e);
        }
    }

    private static boolean isRemote(Method method) {
        return !method.isDefault() && !Modifier.isStatic(method.getModifiers()) && !isObjectMethod(method);
    }

    /** An interface may redeclare {@code equals}, {@code hashCode} or {@code toString}; they stay Object's. */
    private static boolean isObjectMethod(Method method) {
        try {
            Object.class.getMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return objectMethod(proxy, method, args);
        }
        if (method.isDefault()) {
            MethodHandle hidden = hiddenDefaults.get(method);
            return hidden == null
                    ? InvocationHandler.invokeDefault(proxy, method, args)
                    : hidden.bindTo(proxy).invokeWithArguments(args == null ? new Object[0] : args);
        }
        RemoteMethod remote = methods.get(method);
        if (remote == null) {
            throw new IllegalStateException("no JSON-RPC method for " + RemoteMethod.signature(method));
        }
        return remote.invoke(calls, args);
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return api.getSimpleName() + " proxy for " + calls.endpoint();
            default:
                throw new IllegalStateException("unexpected Object method " + method);
        }
    }
}
