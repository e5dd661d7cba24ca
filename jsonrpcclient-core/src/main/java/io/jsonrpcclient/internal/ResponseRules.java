package io.jsonrpcclient.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.jsonrpcclient.ErrorObject;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.InvalidResponseException;
import io.jsonrpcclient.InvalidResponseException.Violation;
import io.jsonrpcclient.Response;
import io.jsonrpcclient.Validation;
import java.math.BigDecimal;

/**
 * Applies the JSON-RPC 2.0 response rules of one {@link Validation} mode to a
 * {@link RawResponse}, producing a {@link Response} or naming the rule broken and where.
 * The same rules are written down as a JSON Schema in {@code io/jsonrpcclient/response.schema.json};
 * a test keeps the two in agreement.
 */
public final class ResponseRules {

    /**
     * Where an entry of a batch reply sat, e.g. {@code response[2]}, as text only when a message
     * needs it: building the string for every entry of every batch would cost more than the rules.
     *
     * @param index the entry's index in the reply array
     */
    public record At(int index) {
        @Override
        public String toString() {
            return "response[" + index + "]";
        }
    }

    private final Validation mode;

    /** Creates the rules of one mode. */
    public ResponseRules(Validation mode) {
        this.mode = mode;
    }

    /**
     * Turns a raw response into a response.
     *
     * @param raw   the members read
     * @param where where it sat, for messages (e.g. {@code response} or {@code response[2]}); turned into
     *              text only when a rule is broken, so a batch entry can pass a cheap {@link At}
     * @return the response
     * @throws InvalidResponseException if a rule of this mode is broken
     */
    public Response apply(RawResponse raw, Object where) {
        if (raw == null || raw == RawResponse.JSON_NULL) {
            throw new InvalidResponseException(Violation.NOT_AN_OBJECT, where + " is not a JSON object");
        }
        return switch (mode) {
            case STRICT -> strict(raw, where);
            case LENIENT -> lenient(raw, where);
            case OFF -> anything(raw);
        };
    }

    private static Response strict(RawResponse raw, Object where) {
        if (raw.jsonrpc() == null) {
            throw new InvalidResponseException(Violation.JSONRPC_VERSION,
                    where + " has no \"jsonrpc\" member; JSON-RPC 2.0 requires \"jsonrpc\": \"2.0\"");
        }
        if (!raw.jsonrpc().isTextual() || !"2.0".equals(raw.jsonrpc().textValue())) {
            throw new InvalidResponseException(Violation.JSONRPC_VERSION,
                    where + " has \"jsonrpc\": " + raw.jsonrpc() + ", expected \"2.0\"");
        }
        Id id = requiredId(raw.id(), where, false);
        return resultOrError(raw.result(), raw.error(), id, where, false);
    }

    private static Response lenient(RawResponse raw, Object where) {
        JsonNode result = raw.result();
        JsonNode error = raw.error();
        // JSON-RPC 1.0 servers send both members, with the unused one null.
        if (result != null && error != null) {
            if (error.isNull()) {
                error = null;
            } else if (result.isNull()) {
                result = null;
            }
        }
        Id id = requiredId(raw.id(), where, true);
        return resultOrError(result, error, id, where, true);
    }

    private static Response resultOrError(JsonNode result, JsonNode error, Id id, Object where, boolean lenient) {
        if (result != null && error != null) {
            throw new InvalidResponseException(Violation.RESULT_AND_ERROR,
                    where + " has both \"result\" and \"error\"; exactly one is allowed");
        }
        if (result == null && error == null) {
            throw new InvalidResponseException(Violation.NO_RESULT_OR_ERROR,
                    where + " has neither \"result\" nor \"error\"");
        }
        if (result != null) {
            return new Response.Success(id, result);
        }
        return new Response.Failure(id, errorObject(error, where, lenient));
    }

    private static ErrorObject errorObject(JsonNode error, Object where, boolean lenient) {
        if (!error.isObject()) {
            throw new InvalidResponseException(Violation.ERROR_OBJECT,
                    where + " has \"error\": " + JsonText.excerpt(error.toString(), 80) + ", expected an object");
        }
        JsonNode code = error.get("code");
        if (code == null || !isIntegral(code, lenient) || !fitsInt(code)) {
            throw new InvalidResponseException(Violation.ERROR_OBJECT,
                    where + ".error.code is " + (code == null ? "missing" : code.toString()) + ", expected an integer");
        }
        JsonNode message = error.get("message");
        if (message == null || !message.isTextual()) {
            if (!lenient || (message != null && !message.isNull())) {
                throw new InvalidResponseException(Violation.ERROR_OBJECT,
                        where + ".error.message is " + (message == null ? "missing" : message.toString())
                                + ", expected a string");
            }
        }
        String text = message != null && message.isTextual() ? message.textValue() : "";
        return new ErrorObject(code.intValue(), text, error.get("data"));
    }

    private static Id requiredId(JsonNode id, Object where, boolean lenient) {
        if (id == null) {
            throw new InvalidResponseException(Violation.ID_TYPE, where + " has no \"id\" member");
        }
        Id parsed = toId(id, lenient);
        if (parsed == null) {
            throw new InvalidResponseException(Violation.ID_TYPE,
                    where + " has \"id\": " + JsonText.excerpt(id.toString(), 80)
                            + ", expected a string, an integer or null");
        }
        return parsed;
    }

    private static Response anything(RawResponse raw) {
        Id id = raw.id() == null ? Id.NULL : toId(raw.id(), true);
        id = id == null ? Id.NULL : id;
        JsonNode error = raw.error();
        if (error != null && !error.isNull()) {
            JsonNode code = error.get("code");
            JsonNode message = error.get("message");
            int codeValue = code != null && isIntegral(code, true) && fitsInt(code)
                    ? code.intValue() : ErrorObject.INTERNAL_ERROR;
            String text = message != null && message.isTextual() ? message.textValue()
                    : error.isObject() ? "" : error.toString();
            return new Response.Failure(id, new ErrorObject(codeValue, text, error.get("data")));
        }
        return new Response.Success(id, raw.result() == null ? NullNode.getInstance() : raw.result());
    }

    /** {@return the id the node holds, or null if it is not a string, an integer or null} */
    static Id toId(JsonNode id, boolean lenient) {
        if (id.isNull()) {
            return Id.NULL;
        }
        if (id.isTextual()) {
            return Id.of(id.textValue());
        }
        if (isIntegral(id, lenient) && fitsLong(id)) {
            return Id.of(id.longValue());
        }
        return null;
    }

    private static boolean isIntegral(JsonNode n, boolean lenient) {
        if (n.isIntegralNumber()) {
            return true;
        }
        if (lenient && n.isNumber()) {
            if (n.isDouble() || n.isFloat()) {
                double d = n.doubleValue();
                return Double.isFinite(d) && d == Math.rint(d);
            }
            BigDecimal v = n.decimalValue();
            return v.signum() == 0 || v.stripTrailingZeros().scale() <= 0;
        }
        return false;
    }

    private static boolean fitsInt(JsonNode n) {
        return n.isIntegralNumber() ? n.canConvertToInt() : fitsRange(n, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    private static boolean fitsLong(JsonNode n) {
        return n.isIntegralNumber() ? n.canConvertToLong() : fitsRange(n, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static boolean fitsRange(JsonNode n, long min, long max) {
        BigDecimal v = n.decimalValue();
        return v.compareTo(BigDecimal.valueOf(min)) >= 0 && v.compareTo(BigDecimal.valueOf(max)) <= 0;
    }
}
