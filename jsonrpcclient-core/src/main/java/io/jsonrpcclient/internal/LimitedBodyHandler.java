package io.jsonrpcclient.internal;

import io.jsonrpcclient.http.HttpEngine.ResponseTooLargeException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A {@code java.net.http} body handler that collects the body into one array but stops, and
 * cancels the stream, as soon as it passes a limit, so a huge or endless body costs at most the
 * limit in memory. A {@code Content-Length} over the limit is refused before any byte is read.
 *
 * <p>It also bounds the body in time: {@code java.net.http}'s request timeout stops once the
 * headers are in, so a body still incomplete at the deadline fails with
 * {@link HttpTimeoutException} and its stream is cancelled (which closes the connection). The timer
 * is a {@link Deadlines} entry, which costs no thread wake-up when the body arrives in time.
 */
public final class LimitedBodyHandler implements HttpResponse.BodyHandler<byte[]> {

    private final long limit;
    private final long deadline;

    /**
     * Creates a handler.
     *
     * @param limit    the most bytes to accept
     * @param deadline when the body must be complete, in {@link System#nanoTime()} terms
     */
    public LimitedBodyHandler(long limit, long deadline) {
        this.limit = limit;
        this.deadline = deadline;
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
        long announced = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        return new Subscriber(limit, announced, deadline);
    }

    private static final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final long limit;
        private final long announced;
        private final long deadline;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final List<ByteBuffer> parts = new ArrayList<>();
        private long received;
        private volatile Flow.Subscription subscription;

        Subscriber(long limit, long announced, long deadline) {
            this.limit = limit;
            this.announced = announced;
            this.deadline = deadline;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (announced > limit) {
                subscription.cancel();
                result.completeExceptionally(new ResponseTooLargeException(limit, announced));
                return;
            }
            armTimer();
            subscription.request(Long.MAX_VALUE);
        }

        private void armTimer() {
            Deadlines.Handle timer = Deadlines.at(deadline, () -> {
                // parts belong to the client's thread; they go with this subscriber.
                if (result.completeExceptionally(new HttpTimeoutException("request timed out"))) {
                    subscription.cancel();
                }
            });
            result.whenComplete((body, error) -> timer.cancel());
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                received += buffer.remaining();
                if (received > limit) {
                    parts.clear();
                    subscription.cancel();
                    result.completeExceptionally(new ResponseTooLargeException(limit, announced));
                    return;
                }
                // The client may reuse its buffers after onNext returns, so keep a copy.
                ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
                copy.put(buffer).flip();
                parts.add(copy);
            }
        }

        @Override
        public void onError(Throwable error) {
            parts.clear();
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            if (result.isDone()) {
                return;
            }
            byte[] body = new byte[Math.toIntExact(received)];
            int offset = 0;
            for (ByteBuffer part : parts) {
                int n = part.remaining();
                part.get(body, offset, n);
                offset += n;
            }
            parts.clear();
            result.complete(body);
        }
    }
}
