package io.jsonrpcclient.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Answers {@code --version} from {@code version.properties}, which Maven fills in at build time. */
public final class VersionProvider implements IVersionProvider {

    /** {@return the tool's version, or {@code unknown} when run from unfiltered sources} */
    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/io/jsonrpcclient/cli/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            var properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown");
            return version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "jsonrpc " + version(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
        };
    }
}
