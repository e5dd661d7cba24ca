package io.jsonrpcclient;

/**
 * Something a client sends: a {@link Request}, a {@link Notification} or a {@link Batch}.
 *
 * <p>Encode one with {@link JsonRpcCodec#encode(Message)}, or send it with
 * {@link JsonRpcClient#send(Message)}.
 * <pre>{@code
 * Message m = Request.of("add", Params.of(1, 2), Id.of(1));
 * byte[] wire = JsonRpcCodec.standard().encode(m);   // {"jsonrpc":"2.0","method":"add","params":[1,2],"id":1}
 * }</pre>
 *
 * @since 0.1
 */
public sealed interface Message permits Call, Batch {
}
