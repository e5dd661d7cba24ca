package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class IdGeneratorsTest {

    private static List<Id> take(IdGenerator ids, int n) {
        var out = new ArrayList<Id>();
        for (int i = 0; i < n; i++) {
            out.add(ids.next());
        }
        return out;
    }

    private static String text(Id id) {
        assertThat(id).isInstanceOf(Id.StringId.class);
        return ((Id.StringId) id).value();
    }

    @Test
    void decimalCountsFromOne() {
        assertThat(take(IdGenerators.decimal(), 3)).containsExactly(Id.of(1), Id.of(2), Id.of(3));
    }

    @Test
    void eachDecimalGeneratorHasItsOwnSequence() {
        IdGenerator first = IdGenerators.decimal();
        first.next();
        first.next();

        assertThat(IdGenerators.decimal().next()).isEqualTo(Id.of(1));
        assertThat(first.next()).isEqualTo(Id.of(3));
    }

    @Test
    void decimalIsThreadSafeGivingUniqueContiguousIdsAcrossManyThreads() throws Exception {
        int threads = 16;
        int perThread = 20_000;
        IdGenerator ids = IdGenerators.decimal();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        var start = new CountDownLatch(1);
        try {
            var tasks = new ArrayList<Future<List<Long>>>();
            for (int t = 0; t < threads; t++) {
                Callable<List<Long>> task = () -> {
                    start.await();
                    var mine = new ArrayList<Long>(perThread);
                    for (int i = 0; i < perThread; i++) {
                        mine.add(((Id.NumberId) ids.next()).value());
                    }
                    return mine;
                };
                tasks.add(pool.submit(task));
            }
            start.countDown();
            var all = new ArrayList<Long>();
            for (Future<List<Long>> f : tasks) {
                List<Long> mine = f.get();
                assertThat(mine).as("each thread sees increasing ids").isSorted();
                all.addAll(mine);
            }
            Set<Long> unique = new HashSet<>(all);
            assertThat(unique).hasSize(threads * perThread);
            assertThat(unique).isEqualTo(LongStream.rangeClosed(1, (long) threads * perThread).boxed()
                    .collect(Collectors.toSet()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void hexCountsInLowercaseHexadecimalStrings() {
        List<String> ids = take(IdGenerators.hex(), 17).stream().map(IdGeneratorsTest::text).toList();

        assertThat(ids).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f",
                "10", "11");
    }

    @Test
    void uuidGivesRandomVersion4UuidStrings() {
        List<String> ids = take(IdGenerators.uuid(), 100).stream().map(IdGeneratorsTest::text).toList();

        assertThat(ids).allSatisfy(id -> {
            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(UUID.fromString(id).version()).isEqualTo(4);
        });
        assertThat(new HashSet<>(ids)).hasSize(100);
    }

    @Test
    void randomDefaultsToEightCharactersOfDigitsAndLowercaseLetters() {
        List<String> ids = take(IdGenerators.random(), 2000).stream().map(IdGeneratorsTest::text).toList();

        assertThat(ids).allSatisfy(id -> assertThat(id).matches("[0-9a-z]{8}"));
        Set<Character> seen = ids.stream().flatMapToInt(String::chars).mapToObj(c -> (char) c)
                .collect(Collectors.toSet());
        assertThat(seen).as("every character of the alphabet turns up").hasSize(36);
        assertThat(new HashSet<>(ids)).as("ids do not repeat").hasSize(2000);
        assertThat(IdGenerators.DEFAULT_ALPHABET).isEqualTo("0123456789abcdefghijklmnopqrstuvwxyz");
        assertThat(IdGenerators.DEFAULT_RANDOM_LENGTH).isEqualTo(8);
    }

    @Test
    void randomHonoursACustomLengthAndAlphabet() {
        List<String> ids = take(IdGenerators.random(12, "xy"), 200).stream().map(IdGeneratorsTest::text).toList();

        assertThat(ids).allSatisfy(id -> assertThat(id).matches("[xy]{12}"));
        assertThat(String.join("", ids)).contains("x").contains("y");
    }

    @Test
    void randomDrawsWholeCodePointsFromAnAlphabetBeyondTheBasicPlane() {
        String id = text(IdGenerators.random(5, "\uD83D\uDE00\uD83D\uDE01").next());

        assertThat(id.codePointCount(0, id.length())).isEqualTo(5);
        assertThat(id.codePoints()).allMatch(cp -> cp == 0x1F600 || cp == 0x1F601);
    }

    @Test
    void randomWithAOneCharacterAlphabetRepeatsIt() {
        assertThat(IdGenerators.random(3, "z").next()).isEqualTo(Id.of("zzz"));
    }

    @Test
    void randomRefusesALengthBelowOne() {
        assertThatThrownBy(() -> IdGenerators.random(0, "abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length must be at least 1, was 0");
        assertThatThrownBy(() -> IdGenerators.random(-5, "abc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomRefusesAnEmptyOrMissingAlphabet() {
        assertThatThrownBy(() -> IdGenerators.random(8, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alphabet must not be empty");
        assertThatThrownBy(() -> IdGenerators.random(8, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void randomIsSafeToShareAcrossThreads() throws Exception {
        IdGenerator ids = IdGenerators.random(16, IdGenerators.DEFAULT_ALPHABET);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            var futures = IntStream.range(0, 8)
                    .mapToObj(t -> pool.submit(() -> take(ids, 1000)))
                    .toList();
            var all = new HashSet<Id>();
            for (var f : futures) {
                all.addAll(f.get());
            }
            assertThat(all).hasSize(8000);
        } finally {
            pool.shutdownNow();
        }
    }
}
