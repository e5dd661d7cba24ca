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
    private static final Map<String, String> NOT_YET_SUPPORTED = Map.of(
            "ws://", "WebSocket",
            "wss://", "WebSocket",
            "tcp://", "TCP",
            "zmq+tcp://", "ZeroMQ",
            "zmq://", "ZeroMQ",
            "stdio:", "child-process stdio");

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
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UsageException("unsupported URL scheme '" + scheme + "' in '" + withoutCredentials(text)
                    + "': use an http:// or https:// URL");
        }
        if (uri.getHost() == null) {
            throw new UsageException("the URL '" + withoutCredentials(text) + "' has no host");
        }
        return uri;
    }

    /** {@return the URL text with any {@code user:password@} masked, fit for an error message} */
    public static String withoutCredentials(String url) {
        return url.replaceFirst("//[^/@]*@", "//***@");
    }
}
