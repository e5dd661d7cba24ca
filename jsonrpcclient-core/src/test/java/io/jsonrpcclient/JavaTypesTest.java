package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.jsonrpcclient.http.HttpTransport;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Records, {@code Optional} and {@code java.time} as params and results, through the caller's own
 * {@code ObjectMapper} (with the jsr310 and jdk8 modules): direct, async, proxied and batched calls.
 */
@Timeout(30)
class JavaTypesTest {

    /** A record mixing the types: dates, instants, an optional field, a nested list. */
    public record Booking(String guest, LocalDate arrival, Instant bookedAt, Optional<String> note, List<Duration> stays) {
    }

    public interface Hotel {
        @JsonRpcMethod("echo")
        Booking book(Booking booking);

        @JsonRpcMethod("now")
        OffsetDateTime now();

        @JsonRpcMethod("echo")
        CompletableFuture<List<LocalDate>> dates(LocalDate first, LocalDate second);

        @JsonRpcMethod("echoFirst")
        Optional<LocalDate> maybeDate(@JsonRpcParam("date") Optional<LocalDate> date);
    }

    private static final Booking BOOKING = new Booking("Yoko", LocalDate.of(2026, 3, 14),
            Instant.parse("2026-01-02T03:04:05Z"), Optional.of("late check-in"),
            List.of(Duration.ofHours(36)));
    private static final String BOOKING_JSON = "{\"guest\":\"Yoko\",\"arrival\":\"2026-03-14\","
            + "\"bookedAt\":\"2026-01-02T03:04:05Z\",\"note\":\"late check-in\",\"stays\":[\"PT36H\"]}";

    private MockJsonRpcServer server;
    private JsonRpcClient client;

    @BeforeEach
    void start() {
        server = MockJsonRpcServer.start();
        server.method("echo", params -> params.isArray() && params.size() == 1 ? params.get(0) : params);
        server.method("echoFirst", params -> params.has("date") ? params.get("date") : null);
        server.method("now", params -> TextNode.valueOf("2026-11-25T12:00:00+01:00"));
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
        client = JsonRpcClient.newBuilder(HttpTransport.of(server.uri()))
                .codec(JsonRpcCodec.newBuilder().objectMapper(mapper).build())
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void aRecordWithJavaTimeAndOptionalFieldsTravelsBothWaysThroughTheCallersMapper() {
        Booking echoed = client.request(Booking.class, "echo", BOOKING);

        assertThat(echoed).isEqualTo(BOOKING);
        assertThat(server.takeRequest().bodyText())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[" + BOOKING_JSON + "],\"id\":1}");
    }

    @Test
    void anEmptyOptionalFieldIsNullAndComesBackEmpty() {
        Booking quiet = new Booking("Tom", LocalDate.of(2026, 1, 1), Instant.EPOCH, Optional.empty(), List.of());

        assertThat(client.request(Booking.class, "echo", quiet)).isEqualTo(quiet);
        assertThat(server.takeRequest().bodyText()).contains("\"note\":null");
    }

    @Test
    void javaTimeValuesAreNamedParamsAndResultsOfAsyncCalls() throws Exception {
        CompletableFuture<Map<String, LocalDate>> call = client.requestAsync(
                new TypeReference<Map<String, LocalDate>>() { }, "echo",
                Params.named(Map.of("from", LocalDate.of(2026, 5, 1))));

        assertThat(call.get(5, TimeUnit.SECONDS)).containsExactly(Map.entry("from", LocalDate.of(2026, 5, 1)));
        assertThat(server.takeRequest().bodyText())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":{\"from\":\"2026-05-01\"},\"id\":1}");
    }

    @Test
    void anOptionalResultTypeIsBoundByTheMappersJdk8Module() {
        server.method("nothing", params -> null);

        Optional<Booking> none = client.request(new TypeReference<Optional<Booking>>() { }, "nothing");
        Optional<Booking> some = client.request(new TypeReference<Optional<Booking>>() { }, "echo", BOOKING);

        assertThat(none).isEmpty();
        assertThat(some).contains(BOOKING);
    }

    @Test
    void proxiesBindRecordsJavaTimeAndOptionalToo() throws Exception {
        Hotel hotel = client.proxy(Hotel.class);

        assertThat(hotel.book(BOOKING)).isEqualTo(BOOKING);
        assertThat(hotel.now()).isEqualTo(OffsetDateTime.of(2026, 11, 25, 12, 0, 0, 0, ZoneOffset.ofHours(1)));
        assertThat(hotel.dates(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31)).get(5, TimeUnit.SECONDS))
                .containsExactly(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31));
        assertThat(hotel.maybeDate(Optional.of(LocalDate.of(2026, 2, 2)))).contains(LocalDate.of(2026, 2, 2));
        assertThat(hotel.maybeDate(Optional.empty())).isEmpty();
    }

    @Test
    void typedBatchHandlesBindJavaTimeValues() {
        BatchBuilder batch = client.batch();
        BatchCall<OffsetDateTime> now = batch.call(OffsetDateTime.class, "now");
        BatchCall<Booking> booking = batch.call(Booking.class, "echo", BOOKING);

        batch.send();

        assertThat(now.get().toInstant()).isEqualTo(Instant.parse("2026-11-25T11:00:00Z"));
        assertThat(booking.get()).isEqualTo(BOOKING);
    }
}
