package io.jsonrpcclient.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Small helpers shared by the HTTP integration tests. */
public final class HttpTestSupport {

    private HttpTestSupport() {
    }

    /**
     * Returns a loopback port with no listener: bound, noted, closed. Another process could take
     * it in between, but on a test machine that is rare enough.
     *
     * @return the port
     */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
            return socket.getLocalPort();
        }
    }
}
