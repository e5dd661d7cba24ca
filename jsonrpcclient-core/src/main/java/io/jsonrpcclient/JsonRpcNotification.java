package io.jsonrpcclient;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a proxied method send a notification: no id, and no reply awaited. The method must return
 * {@code void}, or {@code CompletableFuture<Void>} to be told when the message was delivered.
 * <pre>{@code
 * interface Events {
 *     @JsonRpcNotification
 *     void log(String line);                        // {"jsonrpc":"2.0","method":"log","params":["…"]}
 *
 *     void reset();                                 // not annotated: a request whose null result is ignored
 * }
 * }</pre>
 *
 * <p>A {@code void} method without this annotation is a request: it waits for the reply, ignores
 * the result and throws the server's error, if any.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface JsonRpcNotification {
}
