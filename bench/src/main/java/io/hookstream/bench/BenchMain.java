package io.hookstream.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code java -jar bench/target/bench.jar <scenario> [--option=value ...]}, from the repository
 * root after {@code ./mvnw -q -DskipTests package}. Writes {@code bench/results/<scenario>-<date>.json}
 * and prints a summary table.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    if (!Files.exists(options.jar())) {
      throw new IllegalStateException(options.jar() + " not found: build first with"
          + " ./mvnw -q -DskipTests package, from the repository root");
    }
    List<String> scenarios = options.scenario().equals("all")
        ? List.of("throughput", "latency50", "isolation", "e2e-latency", "memory", "template")
        : List.of(options.scenario());
    for (String name : scenarios) {
      Options o = name.equals(options.scenario()) ? options : Options.parse(new String[] {name});
      Scenarios s = new Scenarios(o);
      Report report = switch (name) {
        case "throughput" -> s.throughput("throughput", 0);
        case "latency50" -> s.throughput("latency50", 50);
        case "isolation" -> s.isolation();
        case "e2e-latency" -> s.e2eLatency();
        case "memory" -> s.memory();
        case "template" -> s.template();
        default -> throw new IllegalArgumentException("unknown scenario " + name);
      };
      Path file = report.write(o.results());
      report.print();
      System.out.println("written to " + file);
    }
    System.exit(0);
  }
}
