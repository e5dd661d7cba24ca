package io.jsonrpcclient.cli;

import io.jsonrpcclient.IdGenerator;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.transport.DuplexTransport;

/**
 * A client for one run of a command, with the id generator it draws from, so that a command
 * building its own {@link io.jsonrpcclient.Request} uses the same sequence (a fresh run sends id 1).
 *
 * @param client the client; closing the connection closes it
 * @param ids    the client's id generator
 * @param duplex the client's transport when it is a duplex one (WebSocket ...), for server notifications;
 *               null over HTTP
 */
record Connection(JsonRpcClient client, IdGenerator ids, DuplexTransport duplex) implements AutoCloseable {

    /** A connection over an exchange transport (HTTP): no server notifications. */
    Connection(JsonRpcClient client, IdGenerator ids) {
        this(client, ids, null);
    }

    @Override
    public void close() {
        client.close();
    }
}
