package io.jsonrpcclient.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The plain {@code call} that {@link Main} runs without picocli: which command lines take that
 * path, and that the command it sets up is the one picocli would (defaults kept in step).
 */
class PlainCallTest {

    private final Terminal terminal = new Terminal(InputStream.nullInputStream(), new PrintWriter(Writer.nullWriter()),
            new PrintWriter(Writer.nullWriter()));

    @Test
    void only_a_call_to_an_http_url_without_options_or_argument_files_is_plain() {
        assertThat(Main.isPlainCall(new String[] {"call", "http://127.0.0.1:1/", "add", "1", "2"})).isTrue();
        assertThat(Main.isPlainCall(new String[] {"call", "https://node.example/rpc", "status"})).isTrue();
        assertThat(Main.isPlainCall(new String[] {"call", "http://127.0.0.1:1/", "echo", "name=Yoko", "n:=7"}))
                .isTrue();

        assertThat(Main.isPlainCall(new String[] {"call", "http://127.0.0.1:1/"})).as("no method").isFalse();
        assertThat(Main.isPlainCall(new String[] {"call", "-v", "http://127.0.0.1:1/", "add"})).isFalse();
        assertThat(Main.isPlainCall(new String[] {"call", "http://127.0.0.1:1/", "add", "--raw"})).isFalse();
        assertThat(Main.isPlainCall(new String[] {"call", "http://127.0.0.1:1/", "add", "-1"})).isFalse();
        assertThat(Main.isPlainCall(new String[] {"call", "http://127.0.0.1:1/", "add", "--"})).isFalse();
        assertThat(Main.isPlainCall(new String[] {"call", "http://127.0.0.1:1/", "add", "@params.txt"})).isFalse();
        assertThat(Main.isPlainCall(new String[] {"call", "127.0.0.1:1", "add"})).as("no scheme").isFalse();
        assertThat(Main.isPlainCall(new String[] {"call", "ws://127.0.0.1:1/", "add"})).isFalse();
        assertThat(Main.isPlainCall(new String[] {"notify", "http://127.0.0.1:1/", "add"})).isFalse();
        assertThat(Main.isPlainCall(new String[] {"help", "call", "x"})).isFalse();
    }

    @Test
    void the_plain_command_is_the_one_picocli_sets_up_for_the_same_words() {
        for (List<String> words : List.of(List.of("http://127.0.0.1:1/", "add", "1", "2"),
                List.of("https://node.example/rpc", "status"),
                List.of("http://127.0.0.1:1/", "echo", "name=Yoko", "tags:=[\"a\"]"))) {
            CommandLine commandLine = Main.commandLine(terminal);
            var args = new java.util.ArrayList<>(List.of("call"));
            args.addAll(words);
            CommandLine.ParseResult parsed = commandLine.parseArgs(args.toArray(String[]::new));
            CallCommand viaPicocli = parsed.subcommand().commandSpec().commandLine().getCommand();

            CallCommand plain = CallCommand.plain(terminal, words);

            // Every field, the options' defaults among them; only picocli's own model is left out.
            assertThat(plain).as(String.join(" ", args)).usingRecursiveComparison()
                    .ignoringFields("options.command").isEqualTo(viaPicocli);
        }
    }
}
