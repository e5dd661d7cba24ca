package io.jsonrpcclient.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.jsonrpcclient.Id;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What an inbound message on a duplex connection is, found cheaply: the streaming parser reads the
 * top-level {@code "id"} members and notes {@code "method"} members, and skips everything else
 * without building trees. The full check of a reply is the codec's job once it is matched.
 *
 * @param kind      what the message is
 * @param ids       the ids of the responses it holds, in order; null and unusable ids left out
 * @param anonymous true if a response in it has no usable id (null, missing, or not a string or integer)
 */
public record InboundScan(Kind kind, List<Id> ids, boolean anonymous) {

    /** What an inbound message is. */
    public enum Kind {
        /** Nothing (or an empty array), as a ZeroMQ REP server sends for a notification. */
        BLANK,
        /** One response, or an array holding at least one response. */
        RESPONSE,
        /** A request or notification from the server: every object in it has a {@code "method"}. */
        SERVER_MESSAGE,
        /** Not JSON, or JSON that is neither an object nor an array. */
        MALFORMED
    }

    private static final InboundScan BLANK = new InboundScan(Kind.BLANK, List.of(), false);
    private static final InboundScan MALFORMED = new InboundScan(Kind.MALFORMED, List.of(), false);
    private static final InboundScan SERVER_MESSAGE = new InboundScan(Kind.SERVER_MESSAGE, List.of(), false);

    // Skipping keeps no values, so only nesting is bounded here (generously: the parser keeps one small
    // context object per level); the codec applies the caller's real limits to the message it is given.
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(100_000)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .maxDocumentLength(-1)
                    .build())
            .build();

    /**
     * Scans a message.
     *
     * @param message the message
     * @return what it is
     */
    public static InboundScan of(byte[] message) {
        if (JsonText.isBlank(message)) {
            return BLANK;
        }
        try (JsonParser p = JSON.createParser(message)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                var ids = new ArrayList<Id>(1);
                Entry entry = readObject(p);
                if (entry.method) {
                    return SERVER_MESSAGE;
                }
                if (entry.id != null) {
                    ids.add(entry.id);
                }
                return new InboundScan(Kind.RESPONSE, ids, entry.id == null);
            }
            if (first == JsonToken.START_ARRAY) {
                var ids = new ArrayList<Id>();
                boolean anonymous = false;
                int responses = 0;
                int entries = 0;
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == null) {
                        return MALFORMED;
                    }
                    entries++;
                    if (t != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        anonymous = true;
                        responses++;
                        continue;
                    }
                    Entry entry = readObject(p);
                    if (entry.method) {
                        continue;
                    }
                    responses++;
                    if (entry.id != null) {
                        ids.add(entry.id);
                    } else {
                        anonymous = true;
                    }
                }
                if (entries == 0) {
                    return BLANK;
                }
                return responses == 0 ? SERVER_MESSAGE : new InboundScan(Kind.RESPONSE, ids, anonymous);
            }
            return MALFORMED;
        } catch (IOException | RuntimeException e) {
            return MALFORMED;
        }
    }

    private record Entry(Id id, boolean method) {
    }

    /** Reads the members of an object whose START_OBJECT is current; leaves END_OBJECT current. */
    private static Entry readObject(JsonParser p) throws IOException {
        Id id = null;
        boolean method = false;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken value = p.nextToken();
            if (name.equals("id")) {
                id = idOf(p, value);
            } else {
                if (name.equals("method")) {
                    method = true;
                }
                p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new IOException("unexpected end of input inside an object");
        }
        return new Entry(id, method);
    }

    /** {@return the id, or null if it is null or unusable (not a string or an integer)} */
    private static Id idOf(JsonParser p, JsonToken value) throws IOException {
        switch (value) {
            case VALUE_STRING:
                return Id.of(p.getText());
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return null;
                }
                return Id.of(p.getLongValue());
            case VALUE_NUMBER_FLOAT:
                // 1.0 for 1: JSON-RPC 1.0 habits; the codec decides whether the mode forgives it.
                try {
                    return Id.of(new BigDecimal(p.getText()).longValueExact());
                } catch (ArithmeticException | NumberFormatException notAnInteger) {
                    return null;
                }
            default:
                p.skipChildren();
                return null;
        }
    }
}
