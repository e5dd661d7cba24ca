package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.jsonrpcclient.InvalidResponseException.Violation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the shipped JSON Schema ({@code io/jsonrpcclient/response.schema.json}) and the fast
 * STRICT validator in agreement, case by case, over the corpus in
 * {@code src/test/resources/io/jsonrpcclient/response-corpus.jsonl}.
 *
 * <p>Each corpus line has a {@code name}, the response text {@code json}, whether it is
 * {@code valid}, and for invalid ones the {@link Violation} STRICT must name. A few lines carry
 * {@code schemaValid} and a {@code note}: they are the documented differences, where JSON Schema's
 * numeric semantics (1.0 is an integer) and STRICT's literal semantics part ways on purpose.
 */
class SchemaAgreementTest {

    private static final String SCHEMA = "io/jsonrpcclient/response.schema.json";
    private static final String CORPUS = "io/jsonrpcclient/response-corpus.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final JsonSchema SCHEMA_ALL = FACTORY.getSchema(SchemaLocation.of("classpath:" + SCHEMA));
    private static final JsonSchema SCHEMA_RESPONSE =
            FACTORY.getSchema(SchemaLocation.of("classpath:" + SCHEMA + "#/definitions/response"));
    private static final JsonSchema SCHEMA_BATCH =
            FACTORY.getSchema(SchemaLocation.of("classpath:" + SCHEMA + "#/definitions/batchResponse"));

    private static final JsonRpcCodec STRICT = JsonRpcCodec.standard();
    private static final JsonRpcCodec LENIENT = JsonRpcCodec.newBuilder().validation(Validation.LENIENT).build();

    /** One corpus line. */
    record Case(String name, String json, boolean valid, Violation violation, Boolean schemaValid,
            Boolean lenientValid, String note) {

        boolean schemaExpected() {
            return schemaValid != null ? schemaValid : valid;
        }

        boolean documentedDifference() {
            return schemaValid != null && schemaValid != valid;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> corpus() {
        InputStream in = SchemaAgreementTest.class.getClassLoader().getResourceAsStream(CORPUS);
        assertThat(in).as("the corpus resource " + CORPUS).isNotNull();
        var cases = new ArrayList<Case>();
        try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                cases.add(new Case(
                        node.get("name").textValue(),
                        node.get("json").textValue(),
                        node.get("valid").booleanValue(),
                        node.hasNonNull("violation") ? Violation.valueOf(node.get("violation").textValue()) : null,
                        node.hasNonNull("schemaValid") ? node.get("schemaValid").booleanValue() : null,
                        node.hasNonNull("lenientValid") ? node.get("lenientValid").booleanValue() : null,
                        node.hasNonNull("note") ? node.get("note").textValue() : null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    static Stream<Arguments> cases() {
        return corpus().stream().map(c -> Arguments.of(c));
    }

    static Stream<Arguments> differences() {
        return corpus().stream().filter(Case::documentedDifference).map(c -> Arguments.of(c));
    }

    private static Set<ValidationMessage> schemaErrors(JsonSchema schema, String json) {
        return schema.validate(json, InputFormat.JSON);
    }

    /** {@return null when STRICT accepts the text, else the violation it names} */
    private static Violation strictVerdict(Case c) {
        Throwable thrown = catchThrowable(() -> STRICT.decodeResponse(c.json().getBytes(StandardCharsets.UTF_8)));
        if (thrown == null) {
            return null;
        }
        assertThat(thrown).as("case '%s': STRICT must throw InvalidResponseException", c.name())
                .isInstanceOf(InvalidResponseException.class);
        return ((InvalidResponseException) thrown).violation();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void theSchemaGivesTheVerdictTheCorpusRecords(Case c) {
        Set<ValidationMessage> errors = schemaErrors(SCHEMA_ALL, c.json());
        assertThat(errors.isEmpty())
                .as("case '%s': JSON Schema verdict (errors: %s)", c.name(), errors)
                .isEqualTo(c.schemaExpected());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void theStrictValidatorGivesTheVerdictAndViolationTheCorpusRecords(Case c) {
        Violation verdict = strictVerdict(c);
        if (c.valid()) {
            assertThat(verdict).as("case '%s': STRICT should accept it", c.name()).isNull();
        } else {
            assertThat(verdict).as("case '%s': STRICT violation", c.name()).isEqualTo(c.violation());
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void theSchemaAndTheStrictValidatorAgreeExceptOnDocumentedDifferences(Case c) {
        boolean schemaAccepts = schemaErrors(SCHEMA_ALL, c.json()).isEmpty();
        boolean strictAccepts = strictVerdict(c) == null;
        if (c.documentedDifference()) {
            assertThat(c.note()).as("case '%s': a difference must say why", c.name()).isNotBlank();
            assertThat(schemaAccepts).as("case '%s': documented difference, schema side", c.name())
                    .isEqualTo(c.schemaValid());
            assertThat(strictAccepts).as("case '%s': documented difference, STRICT side", c.name())
                    .isEqualTo(c.valid());
        } else {
            assertThat(strictAccepts).as("case '%s': schema says %s, STRICT says %s", c.name(),
                    schemaAccepts, strictAccepts).isEqualTo(schemaAccepts);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("differences")
    void everyDocumentedDifferenceIsAcceptedByLenientValidation(Case c) {
        assertThat(c.lenientValid()).as("case '%s' records the LENIENT verdict", c.name()).isTrue();
        Response response = LENIENT.decodeResponse(c.json());
        assertThat(response.id()).as("case '%s'", c.name()).isNotNull();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void validCasesDecodeToTheValuesTheyHold(Case c) throws IOException {
        if (!c.valid()) {
            return;
        }
        JsonNode tree = JSON.readTree(c.json());
        Response response = STRICT.decodeResponse(c.json());
        assertThat(response.id().toJson()).as("case '%s': id", c.name())
                .isEqualTo(JSON.writeValueAsString(tree.get("id")));
        if (tree.has("result")) {
            assertThat(response).as("case '%s'", c.name()).isInstanceOf(Response.Success.class);
            assertThat(((Response.Success) response).result()).as("case '%s': result", c.name())
                    .isEqualTo(tree.get("result"));
        } else {
            assertThat(response).as("case '%s'", c.name()).isInstanceOf(Response.Failure.class);
            ErrorObject error = ((Response.Failure) response).error();
            JsonNode expected = tree.get("error");
            assertThat(error.code()).as("case '%s': code", c.name()).isEqualTo(expected.get("code").intValue());
            assertThat(error.message()).as("case '%s': message", c.name())
                    .isEqualTo(expected.get("message").textValue());
            assertThat(error.hasData()).as("case '%s': has data", c.name()).isEqualTo(expected.has("data"));
            if (expected.has("data")) {
                assertThat(error.data()).as("case '%s': data", c.name()).isEqualTo(expected.get("data"));
            }
        }
    }

    @Test
    void theCorpusIsLargeBalancedAndCoversEveryRuleOfASingleResponse() {
        List<Case> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(40);
        assertThat(corpus).filteredOn(Case::valid).hasSizeGreaterThanOrEqualTo(20);
        assertThat(corpus).filteredOn(c -> !c.valid()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(corpus.stream().map(Case::name).distinct().count()).as("names are unique")
                .isEqualTo(corpus.size());
        var covered = EnumSet.noneOf(Violation.class);
        corpus.stream().filter(c -> !c.valid()).forEach(c -> covered.add(c.violation()));
        assertThat(covered).containsAll(EnumSet.of(Violation.NOT_AN_OBJECT, Violation.JSONRPC_VERSION,
                Violation.RESULT_AND_ERROR, Violation.NO_RESULT_OR_ERROR, Violation.ERROR_OBJECT,
                Violation.ID_TYPE, Violation.SHAPE));
        assertThat(corpus).filteredOn(c -> !c.valid()).allSatisfy(
                c -> assertThat(c.violation()).as("case '%s' names its violation", c.name()).isNotNull());
    }

    @Test
    void theOnlyDocumentedDifferencesAreIntegralNumbersWrittenAsDecimals() {
        assertThat(corpus()).filteredOn(Case::documentedDifference).extracting(Case::name)
                .containsExactlyInAnyOrder("id written as 1.0", "id written with an exponent",
                        "error code written as -32601.0");
    }

    @Test
    void theSchemaAcceptsANonEmptyBatchOfResponses() {
        String batch = "[{\"jsonrpc\":\"2.0\",\"result\":7,\"id\":\"1\"},"
                + "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Invalid Request\"},\"id\":null}]";
        assertThat(schemaErrors(SCHEMA_ALL, batch)).isEmpty();
        assertThat(schemaErrors(SCHEMA_BATCH, batch)).isEmpty();
        assertThat(schemaErrors(SCHEMA_RESPONSE, batch)).as("a batch is not a response object").isNotEmpty();
    }

    @Test
    void theSchemaRefusesAnEmptyBatchAndABatchHoldingAnInvalidResponse() {
        assertThat(schemaErrors(SCHEMA_ALL, "[]")).isNotEmpty();
        assertThat(schemaErrors(SCHEMA_BATCH, "[]")).isNotEmpty();
        assertThat(schemaErrors(SCHEMA_ALL, "[{\"jsonrpc\":\"2.0\",\"result\":7,\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2}]")).isNotEmpty();
        assertThat(schemaErrors(SCHEMA_ALL, "[1,2]")).isNotEmpty();
        assertThat(schemaErrors(SCHEMA_ALL, "[[{\"jsonrpc\":\"2.0\",\"result\":7,\"id\":1}]]"))
                .as("batches do not nest").isNotEmpty();
    }

    @Test
    void theResponseDefinitionAloneAcceptsAResponseAndRefusesABatch() {
        assertThat(schemaErrors(SCHEMA_RESPONSE, "{\"jsonrpc\":\"2.0\",\"result\":7,\"id\":1}")).isEmpty();
        assertThat(schemaErrors(SCHEMA_BATCH, "{\"jsonrpc\":\"2.0\",\"result\":7,\"id\":1}")).isNotEmpty();
    }

    @Test
    void theStrictDecoderAgreesWithTheSchemaOnBatchReplies() {
        Batch batch = Batch.of(Request.of("a", Params.none(), Id.of("1")), Request.of("b", Params.none(), Id.of(2)));
        String valid = "[{\"jsonrpc\":\"2.0\",\"result\":7,\"id\":\"1\"},{\"jsonrpc\":\"2.0\",\"result\":8,\"id\":2}]";
        assertThat(schemaErrors(SCHEMA_ALL, valid)).isEmpty();
        assertThat(STRICT.decodeReply(batch, valid.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BatchResponse.class);

        String oneInvalid = "[{\"jsonrpc\":\"2.0\",\"result\":7,\"id\":\"1\"},{\"jsonrpc\":\"2.0\",\"id\":2}]";
        assertThat(schemaErrors(SCHEMA_ALL, oneInvalid)).isNotEmpty();
        assertThatThrownBy(() -> STRICT.decodeReply(batch, oneInvalid.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidResponseException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.NO_RESULT_OR_ERROR));

        assertThat(schemaErrors(SCHEMA_ALL, "[]")).isNotEmpty();
        assertThatThrownBy(() -> STRICT.decodeReply(batch, "[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidResponseException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.MISSING_ID));
    }
}
