package io.jsonrpcclient.benchmarks.server;

/**
 * What the benchmark servers need of a request's head: the body's framing, whether the client
 * asks to close, and whether it waits for {@code 100 Continue}. Fed the request line, then each
 * header line, without their CRLF.
 * <pre>{@code
 * var head = new RequestHead("POST / HTTP/1.1");
 * head.header("Content-Length: 42");
 * long n = head.contentLength;
 * }</pre>
 */
final class RequestHead {

    long contentLength;
    boolean chunked;
    boolean close;
    boolean expectContinue;

    /** @param requestLine the request's first line: an HTTP/1.0 request closes after its reply */
    RequestHead(String requestLine) {
        close = requestLine.endsWith("HTTP/1.0");
    }

    /** Takes one header line; lines that are not {@code name: value} are ignored. */
    void header(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return;
        }
        String name = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Content-Length")) {
            contentLength = Long.parseLong(value);
        } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
            chunked = value.toLowerCase().contains("chunked");
        } else if (name.equalsIgnoreCase("Connection")) {
            close = value.equalsIgnoreCase("close");
        } else if (name.equalsIgnoreCase("Expect")) {
            expectContinue = value.equalsIgnoreCase("100-continue");
        }
    }
}
