package io.jsonrpcclient.internal;

import io.jsonrpcclient.Id;
import io.jsonrpcclient.Request;
import io.jsonrpcclient.Response;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The responses of a batch keyed by request id, in request order: an immutable map on two arrays.
 *
 * <p>Why not a {@code LinkedHashMap}: the decoder already holds the responses in request order in
 * an array, and a linked map costs an entry object per response plus a table, which made a batch's
 * per-call cost higher than a single call's. Lookups by id are rare next to iteration, so the hash
 * index is built only on the first lookup of a large batch. Nothing outside this class holds the
 * arrays, so the map can be shared without copying.
 * <pre>{@code
 * ResponsesById byId = ResponsesById.ofAnswers(batch.requests(), answers, present);
 * Response first = byId.get(batch.requests().get(0).id());
 * }</pre>
 */
public final class ResponsesById extends AbstractMap<Id, Response> {

    /** Batches up to this size are searched linearly: cheaper than hashing for a handful of ids. */
    private static final int LINEAR_SEARCH_MAX = 8;

    private final Id[] ids;
    private final Response[] responses;
    private final List<Response> values;
    // Built on the first lookup of a large batch; a benign race may build it twice.
    private volatile Map<Id, Integer> index;

    private ResponsesById(Id[] ids, Response[] responses) {
        this.ids = ids;
        this.responses = responses;
        this.values = Collections.unmodifiableList(Arrays.asList(responses));
    }

    /**
     * Takes the answers to a batch's requests by position: {@code answers[k]} answers
     * {@code requests.get(k)}, or is null if the server sent nothing for it. The array is kept
     * when it has no gaps, so the caller must not change it afterwards.
     *
     * @param requests   the batch's requests, in order
     * @param answers    the responses by request position, with nulls for the missing
     * @param present    how many entries of {@code answers} are not null
     * @return the map
     */
    public static ResponsesById ofAnswers(List<Request> requests, Response[] answers, int present) {
        var ids = new Id[present];
        Response[] responses = present == answers.length ? answers : new Response[present];
        int j = 0;
        for (int k = 0; k < answers.length; k++) {
            if (answers[k] != null) {
                ids[j] = requests.get(k).id();
                responses[j++] = answers[k];
            }
        }
        return new ResponsesById(ids, responses);
    }

    /**
     * Copies any map of responses by id, keeping its iteration order; returns one of these as it is.
     *
     * @param matched the responses by id
     * @return the immutable map
     */
    public static ResponsesById copyOf(Map<Id, Response> matched) {
        if (matched instanceof ResponsesById already) {
            return already;
        }
        var ids = new Id[matched.size()];
        var responses = new Response[ids.length];
        int j = 0;
        for (Map.Entry<Id, Response> e : matched.entrySet()) {
            ids[j] = java.util.Objects.requireNonNull(e.getKey(), "a response id key");
            responses[j++] = java.util.Objects.requireNonNull(e.getValue(), "a response");
        }
        // A map's keys are distinct already, so there is nothing more to check.
        return new ResponsesById(ids, responses);
    }

    /** {@return the responses in order, as an unmodifiable list view} */
    public List<Response> responseList() {
        return values;
    }

    @Override
    public int size() {
        return ids.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return position(key) >= 0;
    }

    @Override
    public Response get(Object key) {
        int k = position(key);
        return k < 0 ? null : responses[k];
    }

    @Override
    public List<Response> values() {
        return values;
    }

    @Override
    public Set<Entry<Id, Response>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<Id, Response>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < ids.length;
                    }

                    @Override
                    public Entry<Id, Response> next() {
                        if (next >= ids.length) {
                            throw new NoSuchElementException();
                        }
                        int k = next++;
                        return new SimpleImmutableEntry<>(ids[k], responses[k]);
                    }
                };
            }

            @Override
            public int size() {
                return ids.length;
            }
        };
    }

    private int position(Object key) {
        if (ids.length <= LINEAR_SEARCH_MAX) {
            for (int k = 0; k < ids.length; k++) {
                if (ids[k].equals(key)) {
                    return k;
                }
            }
            return -1;
        }
        Map<Id, Integer> positions = index;
        if (positions == null) {
            positions = buildIndex();
            index = positions;
        }
        Integer k = positions.get(key);
        return k == null ? -1 : k;
    }

    private Map<Id, Integer> buildIndex() {
        var positions = new HashMap<Id, Integer>(ids.length * 4 / 3 + 1);
        for (int k = 0; k < ids.length; k++) {
            positions.putIfAbsent(ids[k], k);
        }
        return positions;
    }
}
