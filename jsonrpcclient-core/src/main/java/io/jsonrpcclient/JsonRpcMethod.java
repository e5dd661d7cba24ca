package io.jsonrpcclient;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Configures how a method of an interface given to {@link JsonRpcClient#proxy(Class)} is called:
 * under another name, and with named rather than positional parameters.
 * <pre>{@code
 * interface Wallet {
 *     @JsonRpcMethod("wallet.balance")                 // {"method":"wallet.balance","params":["alice"]}
 *     long balance(String account);
 *
 *     @JsonRpcMethod(namedParams = true)               // {"method":"transfer","params":{"from":…,"to":…,"amount":…}}
 *     Receipt transfer(String from, String to, long amount);   // names from javac -parameters
 * }
 * }</pre>
 *
 * <p>Without this annotation a method is called by its Java name with positional parameters.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface JsonRpcMethod {

    /** {@return the JSON-RPC method name; empty (the default) means the Java method's name} */
    String value() default "";

    /**
     * Whether the parameters go as a JSON object keyed by name. Names come from
     * {@link JsonRpcParam} or, for parameters without it, from the class file, which keeps them
     * only when compiled with {@code javac -parameters}; a parameter with neither is refused when the
     * proxy is made. Parameters annotated with {@link JsonRpcParam} make a method named on their own.
     *
     * @return true for named parameters
     */
    boolean namedParams() default false;
}
