package io.jsonrpcclient.internal;

import io.jsonrpcclient.Batch;
import io.jsonrpcclient.BatchResponse;
import io.jsonrpcclient.ErrorResponseException;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.InvalidResponseException;
import io.jsonrpcclient.InvalidResponseException.Violation;
import io.jsonrpcclient.JsonRpcClientException;
import io.jsonrpcclient.Message;
import io.jsonrpcclient.NoResponseException;
import io.jsonrpcclient.Notification;
import io.jsonrpcclient.Reply;
import io.jsonrpcclient.Request;
import io.jsonrpcclient.Response;
import io.jsonrpcclient.Validation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the reply to a message that was sent, checking it against that message: the id of a
 * single response, and for a batch that every request is answered once and no stranger is.
 */
public final class ReplyDecoder {

    /** Reads whatever result or error a reply to a notification holds, checking nothing. */
    private static final ResponseRules ANY_SHAPE = new ResponseRules(Validation.OFF);

    private final ResponseReader reader;
    private final ResponseRules rules;
    private final Validation mode;
    private final long maxBytes;

    /** Creates a decoder. */
    public ReplyDecoder(ResponseReader reader, Validation mode, long maxBytes) {
        this.reader = reader;
        this.rules = new ResponseRules(mode);
        this.mode = mode;
        this.maxBytes = maxBytes;
    }

    /** {@return the reply to {@code sent}} */
    public Reply decode(Message sent, byte[] body) {
        if (body.length > maxBytes) {
            throw tooLarge(body.length, maxBytes);
        }
        if (sent instanceof Request request) {
            return decodeForRequest(request, body, false);
        }
        if (sent instanceof Notification) {
            return decodeForNotifications(body);
        }
        Batch batch = (Batch) sent;
        return batch.onlyNotifications() ? decodeForNotifications(body) : decodeForBatch(batch, body, true);
    }

    /** {@return the reply to a batch as {@link #decode} reads it, never taking the in-order short path; tests compare the two} */
    Reply decodeBatchInFull(Batch batch, byte[] body) {
        return decodeForBatch(batch, body, false);
    }

    /**
     * {@return the reply to a request, as {@link #decode} reads it, except that a long plain-ASCII
     * string result may be left in the body as a {@link BodyText}: only for a caller that binds it
     * with {@link ScalarBinder} to {@code byte[]} and hands the node to no one}
     */
    public Response decodeLeavingResultInBody(Request sent, byte[] body) {
        if (body.length > maxBytes) {
            throw tooLarge(body.length, maxBytes);
        }
        return decodeForRequest(sent, body, true);
    }

    /** {@return one response read with this decoder's rules, its id unchecked} */
    public Response decodeResponse(byte[] body) {
        if (body.length > maxBytes) {
            throw tooLarge(body.length, maxBytes);
        }
        if (JsonText.isBlank(body)) {
            throw new NoResponseException("the reply is empty");
        }
        ResponseReader.Shape shape = reader.read(body);
        if (shape instanceof ResponseReader.Single single) {
            return rules.apply(single.response(), "response");
        }
        throw new InvalidResponseException(Violation.SHAPE, "expected a response object, found an array");
    }

    /** {@return the exception for a body over the limit} */
    public static InvalidResponseException tooLarge(long size, long max) {
        return new InvalidResponseException(Violation.TOO_LARGE,
                "the reply is larger than the maximum of " + max + " bytes"
                        + (size > 0 ? " (" + size + " bytes)" : ""));
    }

    private Response decodeForRequest(Request request, byte[] body, boolean defer) {
        if (JsonText.isBlank(body)) {
            throw new NoResponseException("the server sent no response to request " + request.id().toJson());
        }
        ResponseReader.Shape shape = reader.read(body, defer);
        Response response;
        if (shape instanceof ResponseReader.Single single) {
            response = rules.apply(single.response(), "response");
        } else {
            List<RawResponse> entries = ((ResponseReader.Many) shape).entries();
            // Some servers wrap a single response in an array; only the lenient modes forgive it.
            if (mode == Validation.STRICT || entries.size() != 1) {
                throw new InvalidResponseException(Violation.SHAPE,
                        "expected a response object for a single request, found an array of " + entries.size());
            }
            response = rules.apply(entries.get(0), "response[0]");
        }
        if (mode != Validation.OFF && !idMatches(request.id(), response)) {
            throw new InvalidResponseException(Violation.ID_MISMATCH,
                    "response has \"id\": " + response.id().toJson() + ", expected " + request.id().toJson());
        }
        return response;
    }

    private boolean idMatches(Id sent, Response response) {
        if (sent.equals(response.id())) {
            return true;
        }
        // An error with a null id: the server could not read the request, so could not echo its id.
        if (response instanceof Response.Failure && response.id() == Id.NULL) {
            return true;
        }
        return mode == Validation.LENIENT && sameLeniently(sent, response.id());
    }

    /** {@return true if two non-null ids read the same once quotes are ignored: {@code "1"} and {@code 1}} */
    private static boolean sameLeniently(Id a, Id b) {
        return a != Id.NULL && b != Id.NULL && a.toString().replace("\"", "").equals(b.toString().replace("\"", ""));
    }

    /**
     * No response is due. An empty body (or an empty array) is the expected answer; an error
     * object is the server refusing the message and is raised; anything else is ignored, as a
     * notification's sender cannot act on it.
     */
    private Reply decodeForNotifications(byte[] body) {
        if (JsonText.isBlank(body)) {
            return Reply.None.INSTANCE;
        }
        ResponseReader.Shape shape;
        try {
            shape = reader.read(body);
        } catch (JsonRpcClientException notJsonRpc) {
            return Reply.None.INSTANCE;
        }
        List<RawResponse> entries = shape instanceof ResponseReader.Single single
                ? java.util.Collections.singletonList(single.response())
                : ((ResponseReader.Many) shape).entries();
        for (RawResponse raw : entries) {
            Response response;
            try {
                response = ANY_SHAPE.apply(raw, "response");
            } catch (JsonRpcClientException notAResponse) {
                continue;
            }
            if (response instanceof Response.Failure failure && raw.error() != null && raw.error().isObject()) {
                throw new ErrorResponseException(failure);
            }
        }
        return Reply.None.INSTANCE;
    }

    private BatchResponse decodeForBatch(Batch batch, byte[] body, boolean inOrderFirst) {
        List<Request> requests = batch.requests();
        if (JsonText.isBlank(body)) {
            throw new NoResponseException("the server sent no response to a batch of " + requests.size()
                    + " request" + (requests.size() == 1 ? "" : "s"));
        }
        // Every entry a success with a plain result, in request order: nothing to match or check
        // beyond what the scan did, and every mode reads such a reply alike.
        Response[] inOrder = inOrderFirst ? reader.answersInOrder(body, requests) : null;
        if (inOrder != null) {
            return BatchResponse.of(ResponsesById.ofAnswers(requests, inOrder, inOrder.length), List.of());
        }
        ResponseReader.Shape shape = reader.read(body);
        if (shape instanceof ResponseReader.Single single) {
            // A single error object answers a batch the server would not process at all.
            Response response = rules.apply(single.response(), "response");
            if (response instanceof Response.Failure failure) {
                throw new ErrorResponseException(failure);
            }
            throw new InvalidResponseException(Violation.SHAPE,
                    "expected an array of responses for a batch, found a single successful response");
        }
        List<RawResponse> entries = ((ResponseReader.Many) shape).entries();
        int n = requests.size();
        // Responses by the position of the request they answer. Servers mostly answer in order, so
        // the entry at i is first tried against request i; a map of ids is built only if that fails.
        Response[] answers = new Response[n];
        Map<Id, Integer> positions = null;
        List<Response> unmatched = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            var where = new ResponseRules.At(i);
            if (entries.get(i) == RawResponse.JSON_NULL && mode != Validation.STRICT) {
                continue;
            }
            Response response = rules.apply(entries.get(i), where);
            int k;
            if (i < n && requests.get(i).id().equals(response.id())) {
                k = i;
            } else {
                if (positions == null) {
                    positions = positions(requests);
                }
                k = positionFor(response.id(), requests, positions);
            }
            if (k < 0) {
                boolean serverCouldNotRead = response instanceof Response.Failure && response.id() == Id.NULL;
                if (serverCouldNotRead || mode == Validation.OFF) {
                    unmatched.add(response);
                    continue;
                }
                throw new InvalidResponseException(Violation.UNKNOWN_ID,
                        where + " has \"id\": " + response.id().toJson() + ", which no request in the batch had");
            }
            if (answers[k] != null) {
                if (mode == Validation.OFF) {
                    unmatched.add(response);
                    continue;
                }
                throw new InvalidResponseException(Violation.DUPLICATE_ID,
                        where + " answers \"id\": " + requests.get(k).id().toJson() + " a second time");
            }
            answers[k] = response;
        }
        int present = 0;
        List<String> missing = null;
        for (int k = 0; k < n; k++) {
            if (answers[k] != null) {
                present++;
            } else {
                if (missing == null) {
                    missing = new ArrayList<>();
                }
                missing.add(requests.get(k).id().toJson());
            }
        }
        if (mode != Validation.OFF && missing != null && missing.size() > unmatched.size()) {
            throw new InvalidResponseException(Violation.MISSING_ID,
                    "the batch reply has no response for id " + String.join(", ", missing));
        }
        var ordered = ResponsesById.ofAnswers(requests, answers, present);
        return BatchResponse.of(ordered, unmatched);
    }

    private static Map<Id, Integer> positions(List<Request> requests) {
        var positions = new HashMap<Id, Integer>(requests.size() * 4 / 3 + 1);
        for (int k = 0; k < requests.size(); k++) {
            positions.put(requests.get(k).id(), k);
        }
        return positions;
    }

    /** {@return the position of the request a response id answers, or -1: exact first, then leniently} */
    private int positionFor(Id responseId, List<Request> requests, Map<Id, Integer> positions) {
        Integer exact = positions.get(responseId);
        if (exact != null) {
            return exact;
        }
        if (mode == Validation.STRICT) {
            return -1;
        }
        for (int k = 0; k < requests.size(); k++) {
            if (sameLeniently(requests.get(k).id(), responseId)) {
                return k;
            }
        }
        return -1;
    }
}
