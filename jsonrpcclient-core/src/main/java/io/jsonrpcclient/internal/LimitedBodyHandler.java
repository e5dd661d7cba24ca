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
 * limit in memory. A {@code Content-Length} over the limit is refused before any byte is read.
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
