package io.jsonrpcclient.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsonrpcclient.BatchResponse;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.transport.DuplexTransport;
import io.jsonrpcclient.transport.Subscription;
import io.jsonrpcclient.transport.SubscriptionListener;
import io.jsonrpcclient.websocket.WebSocketTransport;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client against ganache over WebSocket (the same port as its HTTP side): calls, a batch, and an
 * {@code eth_subscribe("newHeads")} subscription that receives the block {@code evm_mine} makes.
 */
class GanacheWebSocketIT {

    @RegisterExtension
    static final NodePeer ganache = new NodePeer("ganache.js", "ganache");

    private DuplexTransport transport;
    private JsonRpcClient client;

    @BeforeEach
    void connect() {
        transport = WebSocketTransport.of(URI.create("ws://127.0.0.1:" + ganache.uri().getPort() + "/"));
        client = JsonRpcClient.newBuilder(transport).timeout(Duration.ofSeconds(10)).build();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void ethChainIdAnswersOverWebSocketAsOverHttp() {
        assertThat(client.request(String.class, "eth_chainId")).isEqualTo("0x539");
    }

    @Test
    void aBatchOverWebSocketIsMatchedById() {
        var batch = client.batch().request("eth_chainId").request("net_version").build();

        BatchResponse replies = client.send(batch);

        assertThat(replies.result(batch.requests().get(0).id()).asText()).isEqualTo("0x539");
        assertThat(replies.result(batch.requests().get(1).id()).asText()).isEqualTo("1337");
    }

    @Test
    void aNewHeadsSubscriptionReceivesTheBlockThatEvmMineMakes() throws Exception {
        BlockingQueue<JsonNode> heads = new LinkedBlockingQueue<>();
        BigInteger before = new BigInteger(client.request(String.class, "eth_blockNumber").substring(2), 16);

        try (Subscription subscription = transport.subscription("eth_subscribe", "eth_subscription")
                .params("newHeads")
                .open(client, new SubscriptionListener() {
                    @Override
                    public void onEvent(JsonNode payload) {
                        heads.add(payload);
                    }
                })) {
            assertThat(subscription.id().asText()).startsWith("0x");

            client.request(String.class, "evm_mine");

            JsonNode head = heads.poll(10, TimeUnit.SECONDS);
            assertThat(head).as("a newHeads event within 10 s").isNotNull();
            assertThat(new BigInteger(head.get("number").asText().substring(2), 16)).isEqualTo(before.add(BigInteger.ONE));
            assertThat(head.get("hash").asText()).startsWith("0x").hasSize(66);
        }
    }
}
