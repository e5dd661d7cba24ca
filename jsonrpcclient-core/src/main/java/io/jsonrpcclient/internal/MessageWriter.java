package io.jsonrpcclient.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.jsonrpcclient.Batch;
import io.jsonrpcclient.Call;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.Message;
import io.jsonrpcclient.Notification;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.Request;
import java.io.IOException;
import java.util.Map;

/**
 * Writes messages with Jackson's streaming generator, members in the spec's order
 * ({@code jsonrpc}, {@code method}, {@code params}, {@code id}); parameter values go through
 * the caller's {@code ObjectMapper} so its modules apply.
 */
public final class MessageWriter {

    private final CodecMapper jackson;
    private final JsonFactory factory;
    private final ScalarWriters scalars;
    private final DirectWriter direct;

    /** Creates a writer on the set-up: its mapper writes the parameter values the short paths do not. */
    public MessageWriter(CodecMapper jackson) {
        this.jackson = jackson;
        this.factory = jackson.factory();
        this.scalars = ScalarWriters.of(jackson);
        this.direct = DirectWriter.of(factory, scalars);
    }

    /** {@return the message as UTF-8 JSON} */
    public byte[] write(Message message) {
        if (direct != null) {
            byte[] bytes = direct.write(message);
            if (bytes != null) {
                return bytes;
            }
        }
        return writeWithGenerator(message);
    }

    /** {@return the message written by Jackson's generator, never the direct path; tests compare the two} */
    byte[] writeWithGenerator(Message message) {
        // As ObjectMapper.writeValueAsBytes does: the output's first block comes from Jackson's
        // buffer pool and goes back to it, so a small message allocates little beyond its result.
        var out = new ByteArrayBuilder(factory._getBufferRecycler());
        try {
            try (JsonGenerator gen = factory.createGenerator(out)) {
                if (message instanceof Batch batch) {
                    gen.writeStartArray();
                    for (Call call : batch.calls()) {
                        writeCall(gen, call);
                    }
                    gen.writeEndArray();
                } else {
                    writeCall(gen, (Call) message);
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the parameters as JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage()), e);
        } finally {
            out.release();
        }
    }

    private void writeCall(JsonGenerator gen, Call call) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("jsonrpc", "2.0");
        gen.writeStringField("method", call.method());
        writeParams(gen, call.params());
        if (call instanceof Request request) {
            gen.writeFieldName("id");
            writeId(gen, request.id());
        } else if (!(call instanceof Notification)) {
            throw new IllegalStateException("unknown call type " + call.getClass());
        }
        gen.writeEndObject();
    }

    private void writeParams(JsonGenerator gen, Params params) throws IOException {
        if (params instanceof Params.Positional positional) {
            gen.writeFieldName("params");
            gen.writeStartArray();
            for (Object value : positional.values()) {
                writeValue(gen, value);
            }
            gen.writeEndArray();
        } else if (params instanceof Params.Named named) {
            gen.writeFieldName("params");
            gen.writeStartObject();
            for (Map.Entry<String, Object> entry : named.values().entrySet()) {
                gen.writeFieldName(entry.getKey());
                writeValue(gen, entry.getValue());
            }
            gen.writeEndObject();
        }
    }

    /**
     * Writes one parameter value: common scalars, and trees of Jackson's own nodes when the mapper is
     * the codec's own, directly, as the mapper would; anything else through the mapper.
     */
    private void writeValue(JsonGenerator gen, Object value) throws IOException {
        if (scalars.write(gen, value)) {
            return;
        }
        if (jackson.isOwn() && value instanceof JsonNode node && TreeWriter.writes(node)) {
            TreeWriter.write(gen, node);
            return;
        }
        if (gen.getCodec() == null) {
            gen.setCodec(jackson.mapper());
        }
        gen.writeObject(value);
    }

    static void writeId(JsonGenerator gen, Id id) throws IOException {
        if (id instanceof Id.NumberId n) {
            gen.writeNumber(n.value());
        } else if (id instanceof Id.StringId s) {
            gen.writeString(s.value());
        } else {
            gen.writeNull();
        }
    }
}
