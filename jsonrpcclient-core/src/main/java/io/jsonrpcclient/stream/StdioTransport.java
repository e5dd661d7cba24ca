package io.jsonrpcclient.stream;

import io.jsonrpcclient.JsonRpcCodec;
import io.jsonrpcclient.internal.Durations;
import io.jsonrpcclient.internal.ProcessConnection;
import io.jsonrpcclient.transport.DuplexConnection;
import io.jsonrpcclient.transport.DuplexTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * JSON-RPC with a child process over its stdin and stdout, as editors speak to language servers:
 * many calls in flight, replies matched by id in any order (see {@link DuplexTransport}). Messages
 * are framed with {@code Content-Length} headers by default.
 * <pre>{@code
 * DuplexTransport transport = StdioTransport.newBuilder("my-language-server", "--stdio")
 *         .directory(Path.of("/work/project"))
 *         .build();
 * try (JsonRpcClient client = JsonRpcClient.newBuilder(transport).build()) {
 *     JsonNode capabilities = client.request("initialize", Params.of(Map.of("capabilities", Map.of())));
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link Builder#build()} starts the process, and fails with a
 *       {@link io.jsonrpcclient.TransportException} if it cannot be started.</li>
 *   <li>The process's stderr is logged line by line at INFO on the SLF4J logger
 *       {@code io.jsonrpcclient.stdio.stderr}.</li>
 *   <li>When the process exits, the calls in flight fail at once with a
 *       {@link io.jsonrpcclient.TransportException} naming its exit code, and so do later calls. The
 *       process is not restarted: a new one has none of the old one's state (a language server would
 *       need {@code initialize} again), so a silent restart would hide the failure. Build a new transport
 *       to start it again.</li>
 *   <li>Closing the transport (or the client that owns it) stops the process: its stdin is closed,
 *       it is asked to end, and it is killed if it has not ended within the
 *       {@linkplain Builder#stopTimeout(Duration) stop timeout}.</li>
 * </ul>
 *
 * @since 0.1
 */
public final class StdioTransport {

    /** The default time a process has to end when asked, before it is killed. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(5);

    private StdioTransport() {
    }

    /**
     * Starts the command with every default: {@code Content-Length} framing, the current directory and
     * environment.
     *
     * @param command the program and its arguments
     * @return the transport, its process started
     * @throws io.jsonrpcclient.TransportException if the process cannot be started
     */
    public static DuplexTransport start(String... command) {
        return newBuilder(command).build();
    }

    /**
     * Returns a builder for the command.
     *
     * @param command the program and its arguments, not empty
     * @return the builder
     */
    public static Builder newBuilder(String... command) {
        return newBuilder(List.of(command));
    }

    /**
     * Returns a builder for the command.
     *
     * @param command the program and its arguments, not empty
     * @return the builder
     */
    public static Builder newBuilder(List<String> command) {
        return new Builder(command);
    }

    /** Builds a stdio transport. Not thread-safe. */
    public static final class Builder {
        private final List<String> command;
        private Path directory;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Framing framing = Framing.CONTENT_LENGTH;
        private long maxMessageBytes = JsonRpcCodec.DEFAULT_MAX_RESPONSE_BYTES;
        private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;

        private Builder(List<String> command) {
            this.command = List.copyOf(command);
            if (this.command.isEmpty() || this.command.get(0).isBlank()) {
                throw new IllegalArgumentException("the command is empty");
            }
        }

        /**
         * Runs the process in this directory (default: the current one).
         *
         * @param directory the working directory
         * @return this builder
         */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Sets an environment variable of the process, over the environment it inherits.
         *
         * @param name  the name
         * @param value the value
         * @return this builder
         */
        public Builder environment(String name, String value) {
            environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets how messages are cut out of the process's stdout (default {@link Framing#CONTENT_LENGTH}).
         *
         * @param framing the framing
         * @return this builder
         */
        public Builder framing(Framing framing) {
            this.framing = Objects.requireNonNull(framing, "framing");
            return this;
        }

        /**
         * Sets the largest inbound message (default 64 MiB, the codec's default). A larger one fails the
         * connection and stops the process.
         *
         * @param max at least 1
         * @return this builder
         */
        public Builder maxMessageBytes(long max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxMessageBytes must be at least 1, was " + max);
            }
            this.maxMessageBytes = max;
            return this;
        }

        /**
         * Sets how long the process has to end when asked, on close, before it is killed (default 5 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = Durations.requirePositive(timeout, "stop timeout");
            return this;
        }

        /**
         * Returns the connection these settings describe, its process not yet started: it starts when
         * the connection is started. For settings of the {@link DuplexTransport} itself, pass it to
         * {@link DuplexTransport#newBuilder(DuplexConnection)}.
         *
         * @return a new connection
         */
        public DuplexConnection connection() {
            var builder = new ProcessBuilder(command);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            builder.environment().putAll(environment);
            return new ProcessConnection(endpoint(command), builder, stopTimeout, framing.newReader(maxMessageBytes),
                    framing.writer());
        }

        /**
         * Starts the process and returns the transport.
         *
         * @return the transport
         * @throws io.jsonrpcclient.TransportException if the process cannot be started
         */
        public DuplexTransport build() {
            return DuplexTransport.of(connection());
        }

        private static String endpoint(List<String> command) {
            return "stdio:" + command.stream().map(Builder::quoted).collect(Collectors.joining(" "));
        }

        private static String quoted(String argument) {
            // A long argument (a class path) would swamp every error message: keep its two ends.
            String word = argument.length() <= 80 ? argument
                    : argument.substring(0, 37) + "..." + argument.substring(argument.length() - 40);
            if (!word.isEmpty() && word.chars().noneMatch(c -> Character.isWhitespace(c) || "'\"\\$`".indexOf(c) >= 0)) {
                return word;
            }
            return "'" + word.replace("'", "'\\''") + "'";
        }
    }
}
