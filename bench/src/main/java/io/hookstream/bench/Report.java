package io.hookstream.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.json.Json;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** One scenario's figures, written to {@code bench/results/<scenario>-<date>.json} and printed. */
final class Report {
  private final String scenario;
  private final Map<String, Object> settings = new LinkedHashMap<>();
  private final Map<String, Object> figures = new LinkedHashMap<>();

  Report(String scenario) {
    this.scenario = scenario;
  }

  Report setting(String name, Object value) {
    settings.put(name, value);
    return this;
  }

  Report figure(String name, Object value) {
    figures.put(name, value);
    return this;
  }

  /** p50, p99, p99.9 and max of a nanosecond histogram, in milliseconds. */
  static Map<String, Double> latencyMillis(Histogram h) {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("count", (double) h.getTotalCount());
    out.put("p50", round(h.getValueAtPercentile(50) / 1e6));
    out.put("p99", round(h.getValueAtPercentile(99) / 1e6));
    out.put("p99_9", round(h.getValueAtPercentile(99.9) / 1e6));
    out.put("max", round(h.getMaxValue() / 1e6));
    return out;
  }

  static double round(double v) {
    return java.math.BigDecimal.valueOf(v).setScale(1, java.math.RoundingMode.HALF_UP).doubleValue();
  }

  static double round2(double v) {
    return java.math.BigDecimal.valueOf(v).setScale(2, java.math.RoundingMode.HALF_UP).doubleValue();
  }

  Path write(Path dir) throws IOException {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("scenario", scenario);
    root.put("date", LocalDate.now().toString());
    ObjectNode machine = root.putObject("machine");
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("memoryMiB", ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() / (1024 * 1024));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    ObjectNode versions = root.putObject("versions");
    versions.put("hookstream", "0.1.0-SNAPSHOT");
    versions.put("kafka", org.apache.kafka.common.utils.AppInfoParser.getVersion());
    root.set("settings", Json.mapper().valueToTree(settings));
    root.set("figures", Json.mapper().valueToTree(figures));
    Files.createDirectories(dir);
    Path file = dir.resolve(scenario + "-" + LocalDate.now() + ".json");
    Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
    return file;
  }

  void print() {
    System.out.println();
    System.out.println("| " + scenario + " | value |");
    System.out.println("| --- | --- |");
    figures.forEach((k, v) -> System.out.println("| " + k + " | " + v + " |"));
    System.out.println();
  }
}
