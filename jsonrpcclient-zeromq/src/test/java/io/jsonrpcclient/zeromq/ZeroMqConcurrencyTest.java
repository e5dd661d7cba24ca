package io.jsonrpcclient.zeromq;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsonrpcclient.BatchResponse;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.zeromq.ZeroMqTransport.SocketType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many caller threads on one transport: each must get its own answers. */
class ZeroMqConcurrencyTest {

    private static final int THREADS = 8;
    private static final int CALLS = 200;

    /** Each thread adds its own numbers and checks every sum; returns the number of calls that were right. */
    private static int callFromManyThreads(JsonRpcClient client) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Callable<Integer> caller = () -> {
                    int right = 0;
                    for (int i = 0; i < CALLS; i++) {
                        int a = thread * 100_000;
                        int sum = client.request(Integer.class, "add", a, i);
                        if (sum == a + i) {
                            right++;
                        }
                    }
                    return right;
                };
                results.add(pool.submit(caller));
            }
            int right = 0;
            for (Future<Integer> result : results) {
                right += result.get(60, TimeUnit.SECONDS);
            }
            return right;
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void eightThreadsMakingTwoHundredCallsEachOverOneReqSocketEachGetTheirOwnAnswers() throws Exception {
        try (TestServer server = TestServer.rep();
                JsonRpcClient client = JsonRpcClient.newBuilder(ZeroMqTransport.of(server.endpoint()))
                        .timeout(Duration.ofSeconds(30)).build()) {

            assertThat(callFromManyThreads(client)).isEqualTo(THREADS * CALLS);
            assertThat(server.all()).hasSize(THREADS * CALLS);
        }
    }

    @Test
    void asyncCallsOverAReqSocketTakeTheirTurnsBesideBlockingOnesAndEachGetsItsOwnAnswer() throws Exception {
        try (TestServer server = TestServer.rep();
                JsonRpcClient client = JsonRpcClient.newBuilder(ZeroMqTransport.of(server.endpoint()))
                        .timeout(Duration.ofSeconds(30)).build()) {
            List<CompletableFuture<Integer>> async = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                async.add(client.requestAsync(Integer.class, "add", 1000, i));
            }
            int blockingRight = 0;
            for (int i = 0; i < 20; i++) {
                if (client.request(Integer.class, "add", 2000, i) == 2000 + i) {
                    blockingRight++;
                }
            }

            for (int i = 0; i < CALLS; i++) {
                assertThat(async.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(1000 + i);
            }
            assertThat(blockingRight).isEqualTo(20);
            assertThat(server.all()).hasSize(CALLS + 20);
        }
    }

    @Test
    void eightThreadsMakingTwoHundredCallsEachOverOneDealerSocketGetTheirOwnAnswersFromARouterAnsweringOutOfOrder()
            throws Exception {
        try (TestServer server = TestServer.routerAnsweringInReverse();
                JsonRpcClient client = JsonRpcClient.newBuilder(ZeroMqTransport.newBuilder(server.endpoint())
                                .socketType(SocketType.DEALER).build())
                        .timeout(Duration.ofSeconds(30)).build()) {

            assertThat(callFromManyThreads(client)).isEqualTo(THREADS * CALLS);
            assertThat(server.all()).hasSize(THREADS * CALLS);
        }
    }

    @Test
    void batchesFromManyThreadsOverDealerAreEachMatchedAsAWholeThoughTheRouterAnswersOutOfOrder() throws Exception {
        try (TestServer server = TestServer.routerAnsweringInReverse();
                JsonRpcClient client = JsonRpcClient.newBuilder(ZeroMqTransport.newBuilder(server.endpoint())
                                .socketType(SocketType.DEALER).build())
                        .timeout(Duration.ofSeconds(30)).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    results.add(pool.submit(() -> {
                        int right = 0;
                        for (int i = 0; i < 25; i++) {
                            var batch = client.batch()
                                    .request("add", thread, i)
                                    .request("add", thread, 1000 + i)
                                    .build();
                            BatchResponse replies = client.send(batch);
                            Id first = batch.requests().get(0).id();
                            Id second = batch.requests().get(1).id();
                            if (replies.result(first).asInt() == thread + i
                                    && replies.result(second).asInt() == thread + 1000 + i) {
                                right++;
                            }
                        }
                        return right;
                    }));
                }
                int right = 0;
                for (Future<Integer> result : results) {
                    right += result.get(60, TimeUnit.SECONDS);
                }
                assertThat(right).isEqualTo(100);
            } finally {
                pool.shutdownNow();
                assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            }
        }
    }
}
