package io.jsonrpcclient;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stock {@link IdGenerator}s, the same set Python's jsonrpcclient offers. Each call returns a
 * new generator with its own sequence; all are thread-safe.
 * <pre>{@code
 * IdGenerator ids = IdGenerators.decimal();  // 1, 2, 3, ...
 * IdGenerator tokens = IdGenerators.random(12, "abcdef0123456789");
 * }</pre>
 *
 * @since 0.1
 */
public final class IdGenerators {

    /** The alphabet of {@link #random()}: digits and lowercase ASCII letters. */
    public static final String DEFAULT_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

    /** The length of {@link #random()}'s ids. */
    public static final int DEFAULT_RANDOM_LENGTH = 8;

    /** Built on first use: seeding it loads the security providers, a cost decimal ids never need. */
    private static final class RandomSource {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    private IdGenerators() {
    }

    /** {@return integer ids 1, 2, 3 …, the default} */
    public static IdGenerator decimal() {
        var counter = new AtomicLong();
        return () -> Id.of(counter.incrementAndGet());
    }

    /** {@return string ids counting in lowercase hexadecimal: "1" … "9", "a", "b" …} */
    public static IdGenerator hex() {
        var counter = new AtomicLong();
        return () -> Id.of(Long.toHexString(counter.incrementAndGet()));
    }

    /** {@return random UUID strings, e.g. "9bfe2c93-717e-4a45-b91b-55422c5af4ff"} */
    public static IdGenerator uuid() {
        return () -> Id.of(UUID.randomUUID().toString());
    }

    /** {@return random strings of 8 characters from digits and lowercase letters} */
    public static IdGenerator random() {
        return random(DEFAULT_RANDOM_LENGTH, DEFAULT_ALPHABET);
    }

    /**
     * Returns a generator of random strings. Randomness comes from {@link SecureRandom}, so ids
     * cannot be predicted by others sharing the server.
     *
     * @param length   the length of each id, at least 1
     * @param alphabet the characters to draw from, at least one
     * @return the generator
     */
    public static IdGenerator random(int length, String alphabet) {
        Objects.requireNonNull(alphabet, "alphabet");
        if (length < 1) {
            throw new IllegalArgumentException("length must be at least 1, was " + length);
        }
        if (alphabet.isEmpty()) {
            throw new IllegalArgumentException("alphabet must not be empty");
        }
        int[] codePoints = alphabet.codePoints().toArray();
        return () -> {
            var id = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                id.appendCodePoint(codePoints[RandomSource.INSTANCE.nextInt(codePoints.length)]);
            }
            return Id.of(id.toString());
        };
    }
}
