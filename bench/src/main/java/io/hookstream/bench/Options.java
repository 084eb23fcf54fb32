package io.hookstream.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Benchmark options, {@code --name=value}. Defaults are each scenario's published settings.
 *
 * @param hookstreamEnv {@code --env=NAME=value,...}: extra environment for Hookstream
 * @param hookstreamJvmArgs {@code --jvm="-Xmx1g -XX:..."}: extra flags for Hookstream's JVM
 * @param javaCommand {@code --java=/path/to/bin/java}: the JVM that runs Hookstream (default: the bench's)
 * @param warmDeliveries {@code --warm-deliveries=N} (150,000): deliveries Hookstream and the
 *     bare client make before a throughput measurement, so the JIT has settled (with 50,000 the
 *     compiler still took a quarter of the CPU during the measurement)
 * @param kafka an existing cluster ({@code KAFKA_BOOTSTRAP_SERVERS}); absent = the standalone's
 *     embedded broker
 */
record Options(String scenario, Path jar, String javaCommand, Path results, String kafka, int endpoints,
    long deliveries, long warmDeliveries, int bodyBytes, int concurrency, int rate, int seconds, int heapMiB,
    java.util.List<String> hookstreamJvmArgs, Map<String, String> hookstreamEnv) {

  static Options parse(String[] args) {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: bench <throughput|throughput-http|latency50|"
          + "isolation|e2e-latency|capacity|publish|fanout|many-endpoints|memory|memory-endpoints|"
          + "template|fifo|signing|all> [--deliveries=N] [--endpoints=N] [--rate=N] [--seconds=N] ...");
    }
    String scenario = args[0];
    Map<String, String> o = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || !a.contains("=")) {
        throw new IllegalArgumentException("options look like --name=value, not " + a);
      }
      o.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    boolean memory = scenario.equals("memory");
    boolean steady = scenario.equals("isolation") || scenario.equals("e2e-latency")
        || scenario.equals("fifo");
    return new Options(scenario,
        Path.of(o.getOrDefault("jar", "deploy/standalone/target/hookstream-standalone.jar")),
        o.getOrDefault("java",
            Path.of(System.getProperty("java.home"), "bin", "java").toString()),
        Path.of(o.getOrDefault("results", "bench/results")),
        o.getOrDefault("kafka", System.getenv("KAFKA_BOOTSTRAP_SERVERS")),
        Integer.parseInt(o.getOrDefault("endpoints", "20")),
        Long.parseLong(o.getOrDefault("deliveries", memory ? "1000000" : "200000")),
        Long.parseLong(o.getOrDefault("warm-deliveries", "150000")),
        Integer.parseInt(o.getOrDefault("body-bytes", "1024")),
        Integer.parseInt(o.getOrDefault("concurrency", "1024")),
        Integer.parseInt(o.getOrDefault("rate", scenario.equals("e2e-latency") ? "1000" : "200")),
        Integer.parseInt(o.getOrDefault("seconds", memory ? "60" : steady ? "30" : "0")),
        Integer.parseInt(o.getOrDefault("heap-mib", "256")),
        o.containsKey("jvm") ? java.util.List.of(o.get("jvm").split(" ")) : java.util.List.of(),
        env(o.get("env")));
  }

  /** {@code --env=NAME=value,NAME2=value2}: extra settings for Hookstream. */
  private static Map<String, String> env(String spec) {
    Map<String, String> out = new HashMap<>();
    if (spec != null && !spec.isBlank()) {
      for (String pair : spec.split(",")) {
        out.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
      }
    }
    return out;
  }
}
