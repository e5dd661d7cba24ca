package io.jsonrpcclient.stream;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Closes, after each test, the servers and clients the test made, in the order they were made. */
final class CloseAfterEach implements AfterEachCallback {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** {@return {@code closeable}, to be closed after the test} */
    <T extends AutoCloseable> T add(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    /** {@return a loopback server running {@code script}, closed after the test} */
    LoopbackStreamServer server(LoopbackStreamServer.Script script) throws IOException {
        return add(LoopbackStreamServer.start(script));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }
}
