package io.jsonrpcclient.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsonrpcclient.cli.internal.DemoTour;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

    private static final Pattern SERVER_URL = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/)");

    @Test
    void the_tour_runs_every_section_and_exits_0() {
        Cli.Result result = Cli.run("demo");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        assertThat(result.err()).isEmpty();
        for (int i = 0; i < DemoTour.SECTIONS.size(); i++) {
            assertThat(result.out()).contains((i + 1) + ". " + DemoTour.SECTIONS.get(i) + "\n");
        }
        assertThat(result.out())
                .contains("result:   6\n", "\"Yoko says meow\"", "ErrorResponseException", "rule ID_MISMATCH",
                        "rule JSONRPC_VERSION", "RequestTimeoutException after", "decimal:  1, 2, 3\n")
                .contains("--> Authorization: ***", "\"password\":\"***\"", "Authorization: Bearer demo-token-s3cr3t");
    }

    @Test
    void the_tour_shows_a_proxy_calling_the_server_with_positional_and_named_params() {
        Cli.Result result = Cli.run("demo");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        assertThat(section(result.out(), "An interface proxy"))
                .contains("DemoApi api = client.proxy(DemoApi.class);")
                .contains("\"method\":\"add\",\"params\":[1,2,3],\"id\":")
                .contains("result:   6\n")
                .contains("\"method\":\"cat\",\"params\":{\"name\":\"Yoko\"},\"id\":")
                .contains("result:   \"Yoko says meow\"\n")
                .contains("sent:     {\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"fire and forget\"]}\n")
                .contains("thrown:   ErrorResponseException, as a direct call throws: error -32000: The cat knocked it"
                        + " off the table [method fail, endpoint http://127.0.0.1:");
    }

    @Test
    void the_tour_shows_async_calls_in_flight_together_and_a_typed_batch_whose_failure_stays_its_own() {
        Cli.Result result = Cli.run("demo");

        String section = section(result.out(), "Async calls and a typed batch");
        assertThat(section)
                .containsPattern("result:   both done after \\d+ms; the server had both requests before it answered either\n")
                .contains(".engine(HttpEngines.socketPipelining(2, 8)).build();")
                .contains("result:   [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32]   (each its own answer,")
                .contains("BatchCall<Integer> sum = batch.call(Integer.class, \"add\", 1, 2);")
                .contains("sum:      3   (sum.get(), an Integer)\n")
                .contains("meow:     \"Tom says meow\"   (meow.get(), a String)\n")
                .contains("fail:     fail.get() throws ErrorResponseException -32000: The cat knocked it off the table\n");
        assertThat(section).containsPattern("sent:     \\[\\{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":\\[1,2\\],\"id\":\\d+\\},"
                + "\\{\"jsonrpc\":\"2.0\",\"method\":\"cat\",\"params\":\\{\"name\":\"Tom\"\\},\"id\":\\d+\\},"
                + "\\{\"jsonrpc\":\"2.0\",\"method\":\"fail\",\"id\":\\d+\\}\\]\n");
    }

    /** {@return the text of one numbered section of the tour, up to the next} */
    private static String section(String tour, String title) {
        int index = DemoTour.SECTIONS.indexOf(title);
        int start = tour.indexOf((index + 1) + ". " + title + "\n");
        int end = index + 1 < DemoTour.SECTIONS.size()
                ? tour.indexOf((index + 2) + ". " + DemoTour.SECTIONS.get(index + 1) + "\n")
                : tour.length();
        assertThat(start).as("section " + title).isNotNegative();
        return tour.substring(start, end);
    }

    @Test
    void the_tour_logs_only_the_one_call_it_turns_logging_on_for() {
        Cli.Result result = Cli.run("demo");

        assertThat(result.out().lines().filter(line -> line.contains(" --> {")).count()).isEqualTo(1);
        assertThat(result.out().lines().filter(line -> line.contains(" <-- {")).count()).isEqualTo(1);
    }

    @Test
    void serve_keeps_a_server_up_that_answers_calls_until_it_stops() throws Exception {
        Cli.Running serving = Cli.start("demo", "--serve", "--serve-for", "20s");
        String url = awaitUrl(serving, Duration.ofSeconds(10));

        Cli.Result call = Cli.run("call", url, "add", "1", "2", "3");
        Cli.Result named = Cli.run("call", url, "cat", "name=Yoko");

        assertThat(call.out()).isEqualTo("6\n");
        assertThat(named.out()).isEqualTo("\"Yoko says meow\"\n");
        assertThat(serving.out().toString()).contains("jsonrpc call " + url + " add 1 2 3", "Stopping in 20s.");
        serving.thread().interrupt();   // ends the wait early, as the end of --serve-for would
        serving.thread().join(Duration.ofSeconds(10).toMillis());
        assertThat(serving.thread().isAlive()).isFalse();
        assertThat(serving.exitCode()[0]).isEqualTo(0);
        assertThat(Cli.run("call", url, "add", "1", "2").exitCode()).isEqualTo(4);
    }

    @Test
    void serve_takes_the_port_it_is_given() throws Exception {
        int port = Ports.closedPort();

        Cli.Result result = Cli.run("demo", "--serve", "--port", String.valueOf(port), "--serve-for", "100ms");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).startsWith("jsonrpc demo server listening on http://127.0.0.1:" + port + "/\n");
    }

    @Test
    void port_without_serve_and_impossible_ports_are_usage_errors() {
        assertThat(Cli.run("demo", "--port", "8080").exitCode()).isEqualTo(2);
        assertThat(Cli.run("demo", "--serve", "--port", "70000").exitCode()).isEqualTo(2);
    }

    private static String awaitUrl(Cli.Running serving, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = SERVER_URL.matcher(serving.out().toString());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the demo server did not start within " + timeout + "; stderr: " + serving.err());
    }
}
