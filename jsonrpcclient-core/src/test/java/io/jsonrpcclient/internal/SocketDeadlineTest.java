package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A blocking step on a real loopback socket ends at the deadline, with the socket closed, or runs untouched. */
class SocketDeadlineTest {

    @Test
    void a_step_blocked_past_the_deadline_is_ended_by_closing_the_socket() throws Exception {
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()); var socket = new Socket()) {
            socket.connect(server.getLocalSocketAddress());
            long start = System.nanoTime();
            // The server never writes: the read blocks until the socket is closed.
            assertThatThrownBy(() -> SocketDeadline.run(socket, Deadlines.after(Duration.ofMillis(200)),
                    () -> socket.getInputStream().read()))
                    .isInstanceOf(SocketTimeoutException.class).hasMessage("timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(150),
                    Duration.ofSeconds(5));
            assertThat(socket.isClosed()).isTrue();
        }
    }

    @Test
    void a_step_that_ends_in_time_leaves_the_socket_open_and_blocking_reads_without_a_timeout() throws Exception {
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()); var socket = new Socket()) {
            SocketDeadline.run(socket, Deadlines.after(Duration.ofSeconds(5)),
                    () -> socket.connect(server.getLocalSocketAddress()));
            assertThat(socket.isConnected()).isTrue();
            assertThat(socket.isClosed()).isFalse();
            assertThat(socket.getSoTimeout()).isZero();
        }
    }

    @Test
    void a_deadline_already_past_runs_nothing() throws Exception {
        try (var socket = new Socket()) {
            var ran = new boolean[1];
            assertThatThrownBy(() -> SocketDeadline.run(socket, System.nanoTime() - 1, () -> ran[0] = true))
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(ran[0]).isFalse();
        }
    }
}
