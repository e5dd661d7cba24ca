package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jsonrpcclient.Batch;
import io.jsonrpcclient.BatchResponse;
import io.jsonrpcclient.CallOptions;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.JsonRpcCodec;
import io.jsonrpcclient.Message;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.Reply;
import io.jsonrpcclient.Request;
import io.jsonrpcclient.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The batcher on its own, with a sender that records what it is given and lets the test answer:
 * which calls go together, that every call goes exactly once under contention, and when an
 * exchange is abandoned.
 */
@Timeout(60)
class AutoBatcherTest {

    private static final Duration NEVER = Duration.ofMinutes(1);
    private static final AutoBatcher.Lane LANE = new AutoBatcher.Lane(CallOptions.none(), Duration.ofSeconds(30));
    private static final JsonRpcCodec CODEC = JsonRpcCodec.standard();

    /** A sender whose exchanges the test completes. */
    private static final class RecordingSender implements AutoBatcher.Sender {
        final List<Message> sent = new CopyOnWriteArrayList<>();
        final List<String> bodies = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Reply>> exchanges = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Reply> send(Message message, byte[] body, AutoBatcher.Lane lane, boolean async,
                java.util.function.BiFunction<Message, byte[], Reply> decoder) {
            sent.add(message);
            bodies.add(new String(body, StandardCharsets.UTF_8));
            var exchange = new CompletableFuture<Reply>();
            exchanges.add(exchange);
            return exchange;
        }
    }

    private static Request request(long id) {
        return Request.of("add", Params.of(1, 2), Id.of(id));
    }

    private static AutoBatcher.Pending add(AutoBatcher batcher, Request request) {
        return batcher.add(LANE, request, CODEC.encode(request), false);
    }

    @Test
    void theBatchBodyIsTheCallsOwnBytesInAnArray() {
        var sender = new RecordingSender();
        var batcher = new AutoBatcher(NEVER, 2, CODEC, sender, CallbackThreads.shared());
        add(batcher, request(1));
        add(batcher, request(2));
        assertThat(sender.bodies).containsExactly(
                "[{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1},"
                        + "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":2}]");
        assertThat(new String(CODEC.encode(sender.sent.get(0)), StandardCharsets.UTF_8))
                .isEqualTo(sender.bodies.get(0));
    }

    @Test
    void cancellingOneCallOfABatchInFlightKeepsTheExchangeCancellingAllAbandonsIt() {
        var sender = new RecordingSender();
        var batcher = new AutoBatcher(NEVER, 2, CODEC, sender, CallbackThreads.shared());
        AutoBatcher.Pending a = add(batcher, request(1));
        AutoBatcher.Pending b = add(batcher, request(2));
        CompletableFuture<Reply> exchange = sender.exchanges.get(0);
        a.cancel(true);
        assertThat(exchange).isNotDone();
        b.completeExceptionally(new RuntimeException("timed out"));
        b.cancel(true);   // as the client does once a call failed
        assertThat(exchange).isCancelled();
    }

    @Test
    void theResponsesAreDeliveredByIdWhateverTheirOrder() {
        var sender = new RecordingSender();
        var batcher = new AutoBatcher(NEVER, 2, CODEC, sender, CallbackThreads.shared());
        AutoBatcher.Pending a = add(batcher, request(1));
        AutoBatcher.Pending b = add(batcher, request(2));
        var two = new Response.Success(Id.of(2), JsonNodeFactory.instance.numberNode(22));
        var one = new Response.Success(Id.of(1), JsonNodeFactory.instance.numberNode(11));
        var matched = new java.util.LinkedHashMap<Id, Response>();
        matched.put(Id.of(2), two);
        matched.put(Id.of(1), one);
        sender.exchanges.get(0).complete(BatchResponse.of(matched, List.of()));
        assertThat(a.join()).isEqualTo(one);
        assertThat(b.join()).isEqualTo(two);
    }

    @Test
    void callsSharingAnIdAreSentOneByOne() {
        var sender = new RecordingSender();
        var batcher = new AutoBatcher(NEVER, 2, CODEC, sender, CallbackThreads.shared());
        add(batcher, request(7));
        add(batcher, request(7));
        assertThat(sender.sent).hasSize(2).allMatch(m -> m instanceof Request);
    }

    @Test
    void afterCloseNothingWaitsAndNewCallsAreHandedBack() {
        var sender = new RecordingSender();
        var batcher = new AutoBatcher(NEVER, 100, CODEC, sender, CallbackThreads.shared());
        add(batcher, request(1));
        add(batcher, request(2));
        assertThat(sender.sent).isEmpty();
        batcher.close();
        assertThat(sender.sent).hasSize(1).first().isInstanceOf(Batch.class);
        assertThat(add(batcher, request(3))).isNull();
    }

    @Test
    void underContentionEveryCallIsSentExactlyOnce() throws Exception {
        var sender = new RecordingSender();
        // A tiny window and a small batch, so that timers, full windows and adders race.
        var batcher = new AutoBatcher(Duration.ofNanos(50_000), 7, CODEC, sender, CallbackThreads.shared());
        int threads = 8;
        int perThread = 500;
        var ids = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        var go = new CountDownLatch(1);
        var pendings = new ConcurrentHashMap<Long, AutoBatcher.Pending>();
        try {
            var work = new ArrayList<java.util.concurrent.Future<?>>();
            for (int t = 0; t < threads; t++) {
                work.add(pool.submit(() -> {
                    go.await(10, TimeUnit.SECONDS);
                    for (int i = 0; i < perThread; i++) {
                        long id = ids.incrementAndGet();
                        pendings.put(id, add(batcher, request(id)));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (var w : work) {
                w.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        batcher.close();   // sends whatever still waits
        // Windows whose timers fired are sent from the callback pool: wait (bounded) for the last ones.
        for (int i = 0; i < 1000 && count(sender.sent) < threads * perThread; i++) {
            Thread.sleep(10);
        }
        Set<Id> seen = new HashSet<>();
        int calls = 0;
        for (Message message : sender.sent) {
            List<? extends io.jsonrpcclient.Call> inIt = message instanceof Batch batch ? batch.calls()
                    : List.of((io.jsonrpcclient.Call) message);
            assertThat(inIt.size()).isLessThanOrEqualTo(7);
            for (var call : inIt) {
                assertThat(seen.add(((Request) call).id())).as("sent once: " + call).isTrue();
                calls++;
            }
        }
        assertThat(calls).isEqualTo(threads * perThread);
        assertThat(pendings).hasSize(threads * perThread);
    }

    private static int count(List<Message> sent) {
        int n = 0;
        for (Message message : sent) {
            n += message instanceof Batch batch ? batch.calls().size() : 1;
        }
        return n;
    }

    @Test
    void theSettingsAreChecked() {
        var sender = new RecordingSender();
        assertThatThrownBy(() -> new AutoBatcher(Duration.ZERO, 2, CODEC, sender, CallbackThreads.shared()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AutoBatcher(NEVER, 1, CODEC, sender, CallbackThreads.shared()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
