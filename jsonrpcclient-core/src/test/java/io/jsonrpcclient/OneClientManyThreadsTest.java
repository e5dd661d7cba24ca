package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.jsonrpcclient.http.HttpTransport;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import io.jsonrpcclient.testing.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One client shared by many threads, blocking, async and proxied calls mixed, against a real
 * loopback server: every caller gets the answer to its own request, and no two requests share an id.
 */
class OneClientManyThreadsTest {

    private static final int THREADS = 16;
    private static final int ROUNDS = 30;
    /** Per round and thread: four blocking calls, four async ones in flight together, two through a proxy. */
    private static final int CALLS_PER_ROUND = 10;

    /** The server's {@code tag} method returns its argument, so each answer says whose request it was. */
    interface Tagger {
        String tag(String token);

        @JsonRpcMethod("tag")
        CompletableFuture<String> tagLater(String token);
    }

    @Test
    @Timeout(120)
    void everyCallerGetsItsOwnAnswerAndEveryRequestItsOwnId() throws Exception {
        try (MockJsonRpcServer server = MockJsonRpcServer.start();
                JsonRpcClient client = JsonRpcClient.newBuilder(HttpTransport.of(server.uri())).build()) {
            server.method("tag", params -> TextNode.valueOf(params.get(0).asText()));
            Tagger tagger = client.proxy(Tagger.class);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            var start = new CountDownLatch(1);
            try {
                List<Callable<Integer>> callers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    String thread = "t" + t;
                    callers.add(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return callRounds(client, tagger, thread);
                    });
                }
                List<Future<Integer>> results = new ArrayList<>();
                for (Callable<Integer> caller : callers) {
                    results.add(pool.submit(caller));
                }
                start.countDown();
                for (Future<Integer> result : results) {
                    assertThat(result.get(100, TimeUnit.SECONDS)).isEqualTo(ROUNDS * CALLS_PER_ROUND);
                }
            } finally {
                pool.shutdownNow();
                assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            }

            int total = THREADS * ROUNDS * CALLS_PER_ROUND;
            assertThat(server.requestCount()).isEqualTo(total);
            Set<Long> ids = new HashSet<>();
            for (int i = 0; i < total; i++) {
                RecordedRequest request = server.takeRequest(Duration.ofSeconds(5));
                ids.add(request.json().get("id").asLong());
            }
            assertThat(ids).hasSize(total);
            assertThat(ids).allMatch(id -> id >= 1 && id <= total);
        }
    }

    /** {@return how many calls came back with the caller's own token; throws on the first stranger} */
    private static int callRounds(JsonRpcClient client, Tagger tagger, String thread) throws Exception {
        int mine = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String prefix = thread + "-r" + round + "-";
            for (int i = 0; i < 4; i++) {
                mine += check(client.request(String.class, "tag", prefix + "sync" + i), prefix + "sync" + i);
            }
            List<CompletableFuture<String>> inFlight = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                inFlight.add(client.requestAsync(String.class, "tag", prefix + "async" + i));
            }
            inFlight.add(tagger.tagLater(prefix + "async3"));
            for (int i = 0; i < inFlight.size(); i++) {
                mine += check(inFlight.get(i).get(10, TimeUnit.SECONDS), prefix + "async" + i);
            }
            mine += check(tagger.tag(prefix + "proxy0"), prefix + "proxy0");
            mine += check(tagger.tag(prefix + "proxy1"), prefix + "proxy1");
        }
        return mine;
    }

    private static int check(String answer, String expected) {
        if (!expected.equals(answer)) {
            throw new AssertionError("sent " + expected + " but got the answer to " + answer);
        }
        return 1;
    }
}
