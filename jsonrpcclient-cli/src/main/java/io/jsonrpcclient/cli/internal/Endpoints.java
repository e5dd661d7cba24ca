package io.jsonrpcclient.cli.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * Checks the URL given on the command line and picks its transport from the scheme. Only HTTP(S)
 * exists today; the other schemes of the design are recognised so that users get a clear
 * "not supported yet" instead of a confusing parse error.
 */
public final class Endpoints {

    // No key is a prefix of another, so the order in which they are tried does not matter.
    private static final Map<String, String> NOT_YET_SUPPORTED = Map.of();

    private Endpoints() {
    }

    /**
     * Reads a server URL. A URL without a scheme ({@code 127.0.0.1:8545}) is taken as {@code http://},
     * as httpie and curl do.
     *
     * @param text the URL as typed
     * @return the URL, with an http or https scheme and a host
     * @throws UsageException if the URL is malformed or its transport is not available
     */
    public static URI parse(String text) {
        String url = text.strip();
        if (url.isEmpty()) {
            throw new UsageException("the URL is empty");
        }
        String lower = url.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> scheme : NOT_YET_SUPPORTED.entrySet()) {
            if (lower.startsWith(scheme.getKey())) {
                throw new UsageException(scheme.getKey() + " URLs are not supported yet: the " + scheme.getValue()
                        + " transport comes in a later release; use an http:// or https:// URL");
            }
        }
        if (!url.contains("://")) {
            url = "http://" + url;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new UsageException("'" + withoutCredentials(text) + "' is not a valid URL: " + e.getReason(), e);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") && !isWebSocket(uri)) {
            throw new UsageException("unsupported URL scheme '" + scheme + "' in '" + withoutCredentials(text)
                    + "': use an http:// or https:// URL");
        }
        if (uri.getHost() == null) {
            throw new UsageException("the URL '" + withoutCredentials(text) + "' has no host");
        }
        return uri;
    }

    /** {@return true for a {@code ws://} or {@code wss://} URL} */
    public static boolean isWebSocket(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("ws") || scheme.equals("wss");
    }

    /** {@return true for a ZeroMQ URL: {@code zmq+tcp://}, {@code zmq+ipc://}, or a bare {@code zmq://}} */
    public static boolean isZeroMq(String text) {
        String lower = text.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("zmq+") || lower.startsWith("zmq://");
    }

    /**
     * Reads a ZeroMQ URL: {@code zmq+tcp://HOST:PORT} or {@code zmq+ipc://NAME}.
     *
     * @param text the URL as typed
     * @return the ZeroMQ endpoint, e.g. {@code tcp://127.0.0.1:5555}
     * @throws UsageException if the URL is not one of those
     */
    public static String zeroMqEndpoint(String text) {
        String url = text.strip();
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("zmq+tcp://")) {
            String endpoint = "tcp://" + url.substring("zmq+tcp://".length());
            if (!endpoint.matches("tcp://[^/\\s]+:\\d{1,5}")) {
                throw new UsageException("'" + url + "' needs a host and a port: zmq+tcp://HOST:PORT");
            }
            return endpoint;
        }
        if (lower.startsWith("zmq+ipc://") && url.length() > "zmq+ipc://".length()) {
            return "ipc://" + url.substring("zmq+ipc://".length());
        }
        throw new UsageException("'" + url + "' is not a ZeroMQ URL the tool reaches: use zmq+tcp://HOST:PORT"
                + " or zmq+ipc://NAME");
    }

    /** {@return the URL text with any {@code user:password@} masked, fit for an error message} */
    public static String withoutCredentials(String url) {
        return url.replaceFirst("//[^/@]*@", "//***@");
    }
}
