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
        ? List.of("throughput", "throughput-http", "latency50", "isolation", "e2e-latency",
            "capacity", "publish", "fanout", "many-endpoints", "memory", "memory-endpoints",
            "template", "fifo", "signing")
        : List.of(options.scenario());
    for (String name : scenarios) {
      String[] own = args.clone();
      own[0] = name; // `all` passes its options (--jar, --java, --jvm, --env ...) to each
      Options o = Options.parse(own);
      Scenarios s = new Scenarios(o);
      Report report = switch (name) {
        case "throughput" -> s.throughput("throughput", 0);
        case "latency50" -> s.throughput("latency50", 50);
        case "isolation" -> s.isolation();
        case "e2e-latency" -> s.e2eLatency();
        case "memory" -> s.memory();
        case "template" -> s.template();
        case "fifo" -> new FifoScenarios(o).fifo();
        case "signing" -> new SigningScenario(o).signing();
        case "throughput-http" -> new PathScenarios(o).throughputHttp();
        case "publish" -> new PathScenarios(o).publish();
        case "capacity" -> new PathScenarios(o).capacity();
        case "fanout" -> new GrowthScenarios(o).fanout();
        case "many-endpoints" -> new GrowthScenarios(o).manyEndpoints();
        case "memory-endpoints" -> new GrowthScenarios(o).memoryEndpoints();
        default -> throw new IllegalArgumentException("unknown scenario " + name);
      };
      Path file = report.write(o.results());
      report.print();
      System.out.println("written to " + file);
    }
    System.exit(0);
  }
}
