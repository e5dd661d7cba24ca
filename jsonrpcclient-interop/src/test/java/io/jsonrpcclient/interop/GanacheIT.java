package io.jsonrpcclient.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jsonrpcclient.Batch;
import io.jsonrpcclient.BatchResponse;
import io.jsonrpcclient.ErrorResponseException;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.InvalidResponseException;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.Request;
import io.jsonrpcclient.Response;
import io.jsonrpcclient.Validation;
import io.jsonrpcclient.http.HttpTransport;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client against ganache (7.9, an Ethereum node simulator) over HTTP, with its deterministic
 * test wallet, chain id and network id 1337. Its WebSocket side is {@link GanacheWebSocketIT}.
 */
class GanacheIT {

    @RegisterExtension
    static final NodePeer ganache = new NodePeer("ganache.js", "ganache");

    /** The first account of ganache's deterministic wallet ("myth like bonus scare over problem ..."). */
    private static final String FIRST_ACCOUNT = "0x90f8bf6a479f320ead074411a4b0e7944ea8c9c1";

    private WireTap wire;
    private JsonRpcClient client;

    @BeforeEach
    void connect() {
        wire = new WireTap(HttpTransport.of(ganache.uri()));
        client = JsonRpcClient.newBuilder(wire).timeout(Duration.ofSeconds(10)).build();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void ethChainIdIsTheConfigured1337AsAHexQuantity() {
        String chainId = client.request(String.class, "eth_chainId");

        assertThat(chainId).isEqualTo("0x539");
        assertThat(wire.last().sent()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"eth_chainId\",\"id\":1}");
        assertThat(wire.last().received()).isEqualTo("{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":\"0x539\"}");
        assertThat(wire.last().status()).isEqualTo(200);
    }

    @Test
    void evmMineAddsABlockThatEthBlockNumberReports() {
        BigInteger before = quantity(client.request(String.class, "eth_blockNumber"));

        assertThat(client.request(String.class, "evm_mine")).isEqualTo("0x0");

        assertThat(quantity(client.request(String.class, "eth_blockNumber"))).isEqualTo(before.add(BigInteger.ONE));
    }

    @Test
    void theDeterministicWalletsFirstAccountHoldsAThousandEther() {
        List<String> accounts = client.request(new TypeReference<List<String>>() {}, "eth_accounts");
        String balance = client.request(String.class, "eth_getBalance", accounts.get(0), "latest");

        assertThat(accounts).hasSize(10).first().isEqualTo(FIRST_ACCOUNT);
        assertThat(quantity(balance)).isEqualTo(new BigInteger("1000000000000000000000"));
    }

    @Test
    void aBatchIsAnsweredInOrderWithTheUnknownMethodAsAnErrorValue() {
        Batch batch = client.batch()
                .request("eth_blockNumber")
                .request("eth_chainId")
                .request("net_version")
                .request("eth_noSuchMethod")
                .build();

        BatchResponse replies = client.send(batch);

        List<Request> sent = batch.requests();
        assertThat(replies.size()).isEqualTo(4);
        assertThat(replies.result(sent.get(0).id()).asText()).startsWith("0x");
        assertThat(replies.result(sent.get(1).id()).asText()).isEqualTo("0x539");
        assertThat(replies.result(sent.get(2).id()).asText()).isEqualTo("1337");
        Response.Failure unknown = (Response.Failure) replies.get(sent.get(3).id()).orElseThrow();
        assertThat(unknown.error().code()).isEqualTo(-32700);
        assertThat(unknown.error().message()).isEqualTo("The method eth_noSuchMethod does not exist/is not available");
        assertThat(wire.last().status()).isEqualTo(200);
    }

    @Test
    void anUnknownMethodIsCodeMinus32700ParseErrorWithAStackTraceBesideTheMessage() {
        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> client.request("eth_noSuchMethod"));

        assertThat(e.code()).isEqualTo(-32700);
        assertThat(e.message()).isEqualTo("The method eth_noSuchMethod does not exist/is not available");
        assertThat(e.data().isMissingNode()).isTrue();
        assertThat(wire.last().received()).contains("\"stack\":\"Error: The method eth_noSuchMethod");
        assertThat(wire.last().status()).isEqualTo(200);
    }

    @Test
    void badParamsAreAlsoCodeMinus32700WithTheValidationMessage() {
        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> client.request("eth_getBalance", "0xzz", "latest"));

        assertThat(e.code()).isEqualTo(-32700);
        assertThat(e.message()).isEqualTo(
                "Cannot wrap string value \"0xzz\" as a json-rpc type; the input value contains an invalid hex character.");
    }

    @Test
    void aNotificationIsAnsweredWithAResponseThatHasNoIdWhichTheClientIgnores() {
        client.notify("evm_mine");

        assertThat(wire.last().status()).isEqualTo(200);
        assertThat(wire.last().received()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"0x0\"}");
    }

    @Test
    void aNotificationInABatchIsAnsweredWithAnIdlessEntryWhichStrictValidationRefuses() {
        Batch batch = client.batch().request("eth_chainId").notification("evm_mine").build();

        InvalidResponseException e = catchThrowableOfType(InvalidResponseException.class, () -> client.send(batch));

        assertThat(e.violation()).isEqualTo(InvalidResponseException.Violation.ID_TYPE);
        assertThat(e.getMessage()).contains("response[1] has no \"id\" member");
        assertThat(wire.last().received()).isEqualTo(
                "[{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":\"0x539\"},{\"jsonrpc\":\"2.0\",\"result\":\"0x0\"}]");
    }

    @Test
    void withValidationOffABatchWithANotificationKeepsTheIdlessEntryApartAsUnmatched() {
        try (JsonRpcClient unchecked = JsonRpcClient.newBuilder(HttpTransport.of(ganache.uri()))
                .validation(Validation.OFF).build()) {
            Batch batch = unchecked.batch().request("eth_chainId").notification("evm_mine").build();

            BatchResponse replies = unchecked.send(batch);

            assertThat(replies.result(batch.requests().get(0).id()).asText()).isEqualTo("0x539");
            assertThat(replies.unmatched()).hasSize(1);
            assertThat(replies.unmatched().get(0).id()).isEqualTo(Id.NULL);
        }
    }

    @Test
    void aRequestWithANullIdIsAnsweredAsARequestWithANullId() {
        Response response = client.send(Request.of("eth_chainId", Params.none(), Id.NULL));

        assertThat(response).isEqualTo(new Response.Success(Id.NULL,
                TextNode.valueOf("0x539")));
    }

    @Test
    void anIntegerIdBeyond2To53IsRoundedByJavaScriptAndTheClientRefusesTheMismatch() {
        InvalidResponseException e = catchThrowableOfType(InvalidResponseException.class,
                () -> client.send(Request.of("eth_chainId", Params.none(), Id.of(9_007_199_254_740_993L))));

        assertThat(e.violation()).isEqualTo(InvalidResponseException.Violation.ID_MISMATCH);
        assertThat(wire.last().received()).isEqualTo("{\"id\":9007199254740992,\"jsonrpc\":\"2.0\",\"result\":\"0x539\"}");
    }

    private static BigInteger quantity(String hex) {
        assertThat(hex).matches("0x(0|[1-9a-f][0-9a-f]*)");
        return new BigInteger(hex.substring(2), 16);
    }
}
