package io.jsonrpcclient.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToolTest {

    @Test
    void help_works_for_the_tool_and_every_command() {
        Cli.Result tool = Cli.run("--help");
        assertThat(tool.exitCode()).isEqualTo(0);
        assertThat(tool.out()).contains("Usage: jsonrpc [-hV] COMMAND", "call", "notify", "send", "demo",
                "Exit codes:");
        for (String command : new String[] {"call", "notify", "send", "demo"}) {
            Cli.Result help = Cli.run(command, "--help");

            assertThat(help.exitCode()).as(command).isEqualTo(0);
            assertThat(help.out()).as(command).contains("Usage: jsonrpc " + command);
            assertThat(help.err()).as(command).isEmpty();
        }
        assertThat(Cli.run("help", "call").out()).contains("Usage: jsonrpc call [OPTIONS] URL METHOD [PARAM...]");
    }

    @Test
    void help_fits_in_80_columns() {
        for (String command : new String[] {"--help", "call --help", "notify --help", "send --help", "demo --help"}) {
            assertThat(Cli.run(command.split(" ")).out().lines()).as(command).allMatch(line -> line.length() <= 80);
        }
    }

    @Test
    void version_works_for_the_tool_and_every_command() {
        for (String[] args : new String[][] {{"--version"}, {"-V"}, {"call", "--version"}, {"demo", "-V"}}) {
            Cli.Result result = Cli.run(args);

            assertThat(result.exitCode()).isEqualTo(0);
            assertThat(result.out()).matches("(?s)jsonrpc \\d+\\.\\d+\\.\\d+\\S*\nJava .*");
        }
    }

    @Test
    void no_command_is_a_usage_error() {
        Cli.Result result = Cli.run();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("""
                jsonrpc: Missing required subcommand
                Try 'jsonrpc --help' for more information.
                """);
    }

    @Test
    void an_unknown_command_is_a_usage_error_with_a_suggestion() {
        Cli.Result result = Cli.run("cal", "http://127.0.0.1:1/", "x");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("jsonrpc: unknown command 'cal'; the commands are call, notify, send, listen, demo")
                .contains("Did you mean: jsonrpc call?");
    }
}
