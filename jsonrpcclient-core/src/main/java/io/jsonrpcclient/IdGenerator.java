package io.jsonrpcclient;

/**
 * Supplies the id of each request a client builds. Implementations must be thread-safe:
 * one client serves many threads. Stock generators are in {@link IdGenerators}.
 * <pre>{@code
 * IdGenerator prefixed = new IdGenerator() {
 *     private final AtomicLong next = new AtomicLong();
 *     public Id next() { return Id.of("req-" + next.incrementAndGet()); }
 * };
 * }</pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface IdGenerator {

    /** {@return the next id; never null} */
    Id next();
}
