package io.jsonrpcclient.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports for tests, on the loopback address only. */
final class Ports {

    private Ports() {
    }

    /** {@return a port that was free a moment ago and has nothing listening on it now} */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
