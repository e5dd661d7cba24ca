package io.jsonrpcclient;

/**
 * What came back for a {@link Message}: one {@link Response} for a request, a
 * {@link BatchResponse} for a batch, or {@link Reply.None} for a notification.
 * <pre>{@code
 * Reply reply = client.send(rawJson);
 * if (reply instanceof BatchResponse batch) {
 *     batch.all().forEach(System.out::println);
 * } else if (reply instanceof Response response) {
 *     System.out.println(response);
 * }
 * }</pre>
 *
 * @since 0.1
 */
public sealed interface Reply permits Response, BatchResponse, Reply.None {

    /** No reply: the message was a notification (or a batch of notifications, when sent raw). */
    enum None implements Reply {
        /** The only instance. */
        INSTANCE
    }
}
