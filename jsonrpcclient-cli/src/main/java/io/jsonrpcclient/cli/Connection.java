package io.jsonrpcclient.cli;

import io.jsonrpcclient.IdGenerator;
import io.jsonrpcclient.JsonRpcClient;

/**
 * A client for one run of a command, with the id generator it draws from, so that a command
 * building its own {@link io.jsonrpcclient.Request} uses the same sequence (a fresh run sends id 1).
 *
 * @param client the client; closing the connection closes it
 * @param ids    the client's id generator
 */
record Connection(JsonRpcClient client, IdGenerator ids) implements AutoCloseable {

    @Override
    public void close() {
        client.close();
    }
}
