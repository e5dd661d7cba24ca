package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CompletionBurstsTest {

    @Test
    void everyCompletionRunsOnTheExecutorNeverOnTheCaller() throws Exception {
        var bursts = new CompletionBursts(CallbackThreads.shared());
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Integer> ran = new CopyOnWriteArrayList<>();
        var all = new CountDownLatch(200);

        for (int i = 0; i < 200; i++) {
            int n = i;
            bursts.execute(() -> {
                threads.add(Thread.currentThread().getName());
                ran.add(n);
                all.countDown();
            });
        }

        assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).hasSize(200).doesNotHaveDuplicates();
        assertThat(threads).allMatch(name -> name.startsWith("jsonrpcclient-callback-"));
    }

    @Test
    void aCompletionThatBlocksDoesNotHoldUpTheOnesBehindIt() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            var bursts = new CompletionBursts(pool);
            var secondRan = new CountDownLatch(1);
            var firstDone = new CountDownLatch(1);

            // As a continuation that waits for another call's reply queued behind its own.
            bursts.execute(() -> {
                try {
                    if (secondRan.await(10, TimeUnit.SECONDS)) {
                        firstDone.countDown();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            bursts.execute(secondRan::countDown);

            assertThat(firstDone.await(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRejectingExecutorLeavesTheCompletionToTheCaller() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        pool.shutdown();
        var bursts = new CompletionBursts(pool);
        List<String> ran = new CopyOnWriteArrayList<>();

        bursts.execute(() -> ran.add(Thread.currentThread().getName()));

        assertThat(ran).containsExactly(Thread.currentThread().getName());
    }
}
