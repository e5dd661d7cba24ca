package io.jsonrpcclient.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/** Scenario 2 with eight calling threads sharing one client. */
@Threads(8)
public class Http8Threads extends HttpBenchmark {
}
