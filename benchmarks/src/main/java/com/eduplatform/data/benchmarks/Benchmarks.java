package com.eduplatform.data.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the benchmarks named on the command line ({@code all} for every one) and prints their results side by side.
 * Each benchmark is a {@code static void run(String[] args)} registered below; its numbers and the command that
 * produced them are kept in {@code docs/benchmarks.md}.
 */
public final class Benchmarks {

    /** A benchmark's entry point: the arguments after its name. */
    interface Benchmark {
        void run(String[] args) throws Exception;
    }

    private static final Map<String, Benchmark> BENCHMARKS = new LinkedHashMap<>();

    static {
        // Registered by name: BENCHMARKS.put("copy", CopyIngestBenchmark::run);
        BENCHMARKS.put("copy", CopyIngestBenchmark::run);
        BENCHMARKS.put("keyset", KeysetDepthBenchmark::run);
        BENCHMARKS.put("keyset-probe", KeysetProbeBenchmark::run);
        BENCHMARKS.put("monitoring", MonitoringOverheadBenchmark::run);
    }

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length == 0 ? "all" : args[0];
        String[] rest = args.length == 0 ? new String[0] : Arrays.copyOfRange(args, 1, args.length);
        if (name.equals("all")) {
            for (Map.Entry<String, Benchmark> entry : BENCHMARKS.entrySet()) {
                System.out.println("== " + entry.getKey());
                entry.getValue().run(rest);
            }
            return;
        }
        Benchmark benchmark = BENCHMARKS.get(name);
        if (benchmark == null) {
            System.err.println("No benchmark " + name + "; known: all, " + String.join(", ", BENCHMARKS.keySet()));
            System.exit(2);
        }
        benchmark.run(rest);
    }
}
