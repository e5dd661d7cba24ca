package io.jsonrpcclient.internal;

import io.jsonrpcclient.http.HttpEngine.ResponseTooLargeException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A {@code java.net.http} body handler that collects the body into one array but stops, and
 * cancels the stream, as soon as it passes a limit, so a huge or endless body costs at most the
 * limit in memory. A {@code Content-Length} over the limit is refused before any byte is read; one
 * within it gets an array of that size, filled in place, so a large body costs itself once rather
 * than its pieces and their joined copy.
 */
public final class LimitedBodyHandler implements HttpResponse.BodyHandler<byte[]> {

    private final long limit;

    /** Creates a handler that accepts at most {@code limit} bytes. */
    public LimitedBodyHandler(long limit) {
        this.limit = limit;
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
        long announced = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        return new Subscriber(limit, announced);
    }

    private static final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final long limit;
        private final long announced;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final List<ByteBuffer> parts = new ArrayList<>();
        // The body when its length was announced (within the limit), filled as buffers come; else null.
        private byte[] exact;
        private int filled;
        private long received;
        private Flow.Subscription subscription;

        Subscriber(long limit, long announced) {
            this.limit = limit;
            this.announced = announced;
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
            if (announced >= 0 && announced <= Integer.MAX_VALUE - 8) {
                exact = new byte[(int) announced];
            }
            subscription.request(Long.MAX_VALUE);
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
                    exact = null;
                    subscription.cancel();
                    result.completeExceptionally(new ResponseTooLargeException(limit, announced));
                    return;
                }
                int n = buffer.remaining();
                if (exact != null && filled + n <= exact.length) {
                    buffer.get(exact, filled, n);
                    filled += n;
                    continue;
                }
                if (exact != null) {
                    // More than announced (the client should have refused it): go on in parts.
                    parts.add(ByteBuffer.wrap(exact, 0, filled));
                    exact = null;
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
            exact = null;
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            if (result.isDone()) {
                return;
            }
            if (exact != null) {
                result.complete(filled == exact.length ? exact : java.util.Arrays.copyOf(exact, filled));
                exact = null;
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
