package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DeadlinesTest {

    private static final long MS = 1_000_000L;

    @Test
    void anActionRunsOnceItsDeadlineHasPassedAndNotBefore() throws Exception {
        long deadline = System.nanoTime() + 50 * MS;
        var firedAt = new AtomicLong();
        var fired = new CountDownLatch(1);
        Deadlines.at(deadline, () -> {
            firedAt.set(System.nanoTime());
            fired.countDown();
        });
        assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(firedAt.get() - deadline).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aCancelledDeadlineNeverRuns() throws Exception {
        var ran = new AtomicBoolean();
        Deadlines.Handle handle = Deadlines.at(System.nanoTime() + 30 * MS, () -> ran.set(true));
        handle.cancel();
        // A later deadline that does run shows the watchdog has passed the cancelled one's time.
        var later = new CountDownLatch(1);
        Deadlines.at(System.nanoTime() + 100 * MS, later::countDown);
        assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).isFalse();
    }

    @Test
    void anEarlierDeadlineAddedWhileTheWatchdogSleepsForALaterOneStillRunsFirst() throws Exception {
        var far = new AtomicBoolean();
        Deadlines.Handle farAway = Deadlines.at(System.nanoTime() + TimeUnit.HOURS.toNanos(1), () -> far.set(true));
        Thread.sleep(20);  // let the watchdog go to sleep for the far deadline
        var near = new CountDownLatch(1);
        Deadlines.at(System.nanoTime() + 20 * MS, near::countDown);
        assertThat(near.await(10, TimeUnit.SECONDS)).as("the near deadline woke the watchdog").isTrue();
        assertThat(far).isFalse();
        farAway.cancel();
    }

    @Test
    void manyDeadlinesFromManyThreadsAllRun() throws Exception {
        int n = 2_000;
        var done = new CountDownLatch(n);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int offset = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < n / 4; i++) {
                    Deadlines.at(System.nanoTime() + ((i * 7L + offset) % 50) * MS, done::countDown);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        assertThat(done.await(20, TimeUnit.SECONDS)).as("every deadline ran").isTrue();
    }

    @Test
    void orTimeoutFailsAPendingFutureWithATimeoutAndLeavesACompletedOneAlone() {
        var pending = new CompletableFuture<String>();
        assertThat(Deadlines.orTimeout(pending, Duration.ofMillis(20))).isSameAs(pending);
        assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);

        var done = CompletableFuture.completedFuture("x");
        assertThat(Deadlines.orTimeout(done, Duration.ofMillis(1)).join()).isEqualTo("x");

        var custom = new CompletableFuture<String>();
        Deadlines.orTimeout(custom, Duration.ofMillis(20), () -> new java.io.InterruptedIOException("mine"));
        assertThatThrownBy(() -> custom.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(java.io.InterruptedIOException.class);

        var huge = new CompletableFuture<String>();
        Deadlines.orTimeout(huge, Duration.ofSeconds(Long.MAX_VALUE));
        huge.complete("y");
        assertThat(huge.join()).isEqualTo("y");
    }
}
