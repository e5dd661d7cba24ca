package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jsonrpcclient.http.HttpTransport;
import io.jsonrpcclient.testing.MethodError;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import io.jsonrpcclient.testing.MockReply;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An {@link ErrorMapper} turns error codes into the caller's own exceptions, wherever the client raises errors. */
@Timeout(30)
class ErrorMapperTest {

    /** The caller's own exception, carrying what it needs from the error. */
    static final class InsufficientFundsException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long missing;

        InsufficientFundsException(long missing, ErrorResponseException cause) {
            super("short by " + missing, cause);
            this.missing = missing;
        }
    }

    public interface Wallet {
        long pay(long amount);

        @JsonRpcMethod("pay")
        CompletableFuture<Long> payLater(long amount);
    }

    private static final int INSUFFICIENT_FUNDS = -32001;

    private MockJsonRpcServer server;
    private JsonRpcClient client;
    private String url;
    private final List<ErrorResponseException> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = MockJsonRpcServer.start();
        server.method("pay", params -> {
            long amount = params.get(0).asLong();
            if (amount > 100) {
                throw new MethodError(INSUFFICIENT_FUNDS, "insufficient funds",
                        JsonNodeFactory.instance.objectNode().put("missing", amount - 100));
            }
            return IntNode.valueOf(100 - (int) amount);
        });
        server.method("boom", params -> {
            throw new MethodError(-32050, "boom");
        });
        url = server.uri().toString();
        client = JsonRpcClient.newBuilder(HttpTransport.of(server.uri()))
                .errorMapper(e -> {
                    seen.add(e);
                    return e.code() == INSUFFICIENT_FUNDS
                            ? new InsufficientFundsException(e.data().path("missing").asLong(), e)
                            : null;
                })
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void aMappedCodeIsThrownAsTheCallersExceptionWithTheErrorAsItsCause() {
        assertThatThrownBy(() -> client.request(Long.class, "pay", 130))
                .isInstanceOfSatisfying(InsufficientFundsException.class, e -> {
                    assertThat(e.missing).isEqualTo(30);
                    assertThat(e.getCause()).isInstanceOf(ErrorResponseException.class)
                            .hasMessage("error -32001: insufficient funds [method pay, endpoint " + url + "]");
                });
    }

    @Test
    void theMapperSeesTheErrorWithItsEndpointAndMethod() {
        assertThatThrownBy(() -> client.request("pay", 130)).isInstanceOf(InsufficientFundsException.class);

        assertThat(seen).singleElement().satisfies(e -> {
            assertThat(e.endpoint()).contains(url);
            assertThat(e.method()).contains("pay");
            assertThat(e.code()).isEqualTo(INSUFFICIENT_FUNDS);
        });
    }

    @Test
    void anUnmappedCodeStaysAnErrorResponseException() {
        assertThatThrownBy(() -> client.request("boom"))
                .isInstanceOf(ErrorResponseException.class)
                .hasMessage("error -32050: boom [method boom, endpoint " + url + "]");
    }

    @Test
    void anAsyncCallFailsWithTheMappedException() throws Exception {
        Throwable failure = client.requestAsync(Long.class, "pay", 130)
                .handle((result, error) -> error).get(5, TimeUnit.SECONDS);

        assertThat(failure).isInstanceOf(InsufficientFundsException.class);
    }

    @Test
    void proxiedCallsSyncAndAsyncThrowTheMappedException() throws Exception {
        Wallet wallet = client.proxy(Wallet.class);

        assertThat(wallet.pay(40)).isEqualTo(60);
        assertThatThrownBy(() -> wallet.pay(150))
                .isInstanceOfSatisfying(InsufficientFundsException.class, e -> assertThat(e.missing).isEqualTo(50));
        assertThat(wallet.payLater(150).handle((result, error) -> error).get(5, TimeUnit.SECONDS))
                .isInstanceOf(InsufficientFundsException.class);
    }

    @Test
    void aTypedBatchHandleThrowsTheMappedExceptionAndTheOthersStillAnswer() {
        BatchBuilder batch = client.batch();
        BatchCall<Long> ok = batch.call(Long.class, "pay", 10);
        BatchCall<Long> broke = batch.call(Long.class, "pay", 500);

        batch.send();

        assertThat(ok.get()).isEqualTo(90);
        assertThatThrownBy(broke::get)
                .isInstanceOfSatisfying(InsufficientFundsException.class, e -> assertThat(e.missing).isEqualTo(400));
    }

    @Test
    void aBatchRefusedWholeIsMappedToo() {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32001,\"message\":\"no\","
                + "\"data\":{\"missing\":1}},\"id\":null}"));

        assertThatThrownBy(() -> client.send(client.batch().request("pay", 1).build()))
                .isInstanceOf(InsufficientFundsException.class);
    }

    @Test
    void errorsReturnedAsValuesAreLeftAlone() {
        Response response = client.send(Request.of("pay", Params.of(130), Id.of(1)));

        assertThat(response).isInstanceOfSatisfying(Response.Failure.class,
                f -> assertThat(f.error().code()).isEqualTo(INSUFFICIENT_FUNDS));
        assertThat(seen).isEmpty();
    }

    @Test
    void failuresThatAreNotErrorResponsesNeverReachTheMapper() {
        server.enqueue(MockReply.status(502));

        assertThatThrownBy(() -> client.request("pay", 1)).isInstanceOf(TransportException.class);
        assertThat(seen).isEmpty();
    }

    @Test
    void anExceptionThrownByTheMapperIsRaisedAsIfReturned() {
        try (JsonRpcClient c = client.toBuilder()
                .errorMapper(e -> {
                    throw new IllegalStateException("mapped by throwing " + e.code());
                })
                .build()) {
            assertThatThrownBy(() -> c.request("boom"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("mapped by throwing -32050");
        }
    }

    @Test
    void aMapperThatFailsWithAnErrorStillEndsTheAsyncCall() throws Exception {
        try (JsonRpcClient c = client.toBuilder()
                .errorMapper(e -> {
                    throw new AssertionError("mapper bug");
                })
                .build()) {
            Throwable failure = c.requestAsync("boom").handle((result, error) -> error).get(5, TimeUnit.SECONDS);

            assertThat(failure).isInstanceOf(AssertionError.class).hasMessage("mapper bug");
            assertThatThrownBy(() -> c.request("boom")).isInstanceOf(AssertionError.class).hasMessage("mapper bug");
        }
    }

    @Test
    void viewsAndDerivedClientsKeepTheMapper() {
        JsonRpcClient view = client.with(CallOptions.newBuilder().header("X-A", "1").build());

        assertThatThrownBy(() -> view.request("pay", 130)).isInstanceOf(InsufficientFundsException.class);
        try (JsonRpcClient derived = client.toBuilder().build()) {
            assertThatThrownBy(() -> derived.request("pay", 130)).isInstanceOf(InsufficientFundsException.class);
        }
    }
}
