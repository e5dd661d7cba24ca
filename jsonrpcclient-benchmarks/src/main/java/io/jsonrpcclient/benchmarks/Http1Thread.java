package io.jsonrpcclient.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/** Scenario 2 with one calling thread. */
@Threads(1)
public class Http1Thread extends HttpBenchmark {
}
