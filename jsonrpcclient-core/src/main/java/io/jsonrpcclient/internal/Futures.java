package io.jsonrpcclient.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Helpers for the failures that travel through {@code CompletableFuture}s. */
public final class Futures {

    private Futures() {
    }

    /**
     * Returns the failure itself, without the {@link CompletionException} or
     * {@link ExecutionException} wrappers that futures put around it.
     *
     * @param error what a future failed with
     * @return the innermost cause that is not such a wrapper
     */
    public static Throwable cause(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
