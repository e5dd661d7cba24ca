package io.jsonrpcclient;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a parameter of a proxied method, which makes the method send named parameters (a JSON
 * object in declaration order) instead of positional ones.
 * <pre>{@code
 * interface Cats {
 *     String cat(@JsonRpcParam("name") String name);   // {"method":"cat","params":{"name":"Yoko"}}
 * }
 * }</pre>
 *
 * <p>An {@code Optional} argument that is empty leaves its member out, which is how JSON-RPC marks
 * an optional named parameter as not given.
 *
 * @see JsonRpcMethod#namedParams()
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface JsonRpcParam {

    /** {@return the parameter's name on the wire} */
    String value();
}
