package io.jsonrpcclient.cli.internal;

import io.jsonrpcclient.cli.Main;
import io.jsonrpcclient.cli.Terminal;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * A typical run of the tool, for the launcher to record in a class-data archive: {@code ./jsonrpc}
 * runs it once per jar and JDK with {@code -XX:DumpLoadedClassList}, then makes a static archive
 * from that list ({@code -Xshare:dump}), so that later runs map the classes a call needs (picocli,
 * Jackson, the client, the HTTP engine) instead of loading and verifying them. It calls the demo
 * server on loopback, successfully and with an error, and prints nothing.
 * <pre>
 * java -XX:DumpLoadedClassList=jsonrpc.classes -cp jsonrpc.jar io.jsonrpcclient.cli.internal.StartupTraining
 * java -Xshare:dump -XX:SharedClassListFile=jsonrpc.classes -XX:SharedArchiveFile=jsonrpc.jsa -cp jsonrpc.jar
 * </pre>
 */
public final class StartupTraining {

    private StartupTraining() {
    }

    /**
     * Runs the calls; exits 0 even if one fails, as the archive is only an optimisation.
     *
     * @param args ignored
     * @throws Exception if the loopback server cannot start
     */
    public static void main(String[] args) throws Exception {
        try (DemoHttpServer server = DemoHttpServer.start(0)) {
            String url = server.uri().toString();
            var quiet = new Terminal(InputStream.nullInputStream(), new PrintWriter(Writer.nullWriter()),
                    new PrintWriter(Writer.nullWriter()));
            Main.run(quiet, "call", url, "add", "1", "2");
            Main.run(quiet, "call", url, "cat", "name=Yoko");
            Main.run(quiet, "call", url, "fail");
        }
    }
}
