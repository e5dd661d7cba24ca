package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
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
    void aCompletionThatBlocksDoesNotHoldUpTheRestOfItsRound() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            var bursts = new CompletionBursts(pool);
            var restRan = new CountDownLatch(3);
            var firstDone = new CountDownLatch(1);
            Runnable first = () -> {
                try {
                    if (restRan.await(10, TimeUnit.SECONDS)) {
                        firstDone.countDown();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };

            // As a selector round's completions, handed over together.
            bursts.executeAll(List.of(first, restRan::countDown, restRan::countDown, restRan::countDown));

            assertThat(firstDone.await(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRoundRunsOnceEachInOrderOnTheSharedPoolMarkedAsHandedOver() throws Exception {
        var bursts = new CompletionBursts(CallbackThreads.shared());
        List<Integer> ran = new CopyOnWriteArrayList<>();
        List<Boolean> claimed = new CopyOnWriteArrayList<>();
        var all = new CountDownLatch(100);
        var round = new ArrayList<Runnable>();

        for (int i = 0; i < 100; i++) {
            int n = i;
            round.add(() -> {
                claimed.add(CallbackThreads.claimHandOver());
                ran.add(n);
                all.countDown();
            });
            if (round.size() == 10) {
                bursts.executeAll(round);
                round.clear(); // the bursts copied it
            }
        }

        assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).hasSize(100).doesNotHaveDuplicates();
        assertThat(claimed).hasSize(100).containsOnly(true);
    }

    @Test
    void aCompletionThatThrowsDoesNotStopTheOthers() throws Exception {
        var bursts = new CompletionBursts(CallbackThreads.shared());
        var others = new CountDownLatch(2);

        bursts.executeAll(List.of(others::countDown, () -> {
            throw new IllegalStateException("a bug in one completion");
        }, others::countDown));
        assertThat(others.await(5, TimeUnit.SECONDS)).isTrue();

        var later = new CountDownLatch(1);
        bursts.execute(later::countDown);
        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
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
