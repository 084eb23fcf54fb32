package io.hookstream.embedded;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * One KRaft node as its own process, so a test can start a multi-broker cluster and kill one node
 * with SIGKILL. Arguments are {@code name=value}: {@code node.id}, {@code cluster.id},
 * {@code data.dir}, {@code broker.port}, {@code controller.port}, {@code voters}
 * ({@code 1@127.0.0.1:9093,2@...}) and {@code replication}; any other {@code name=value} is a broker
 * property. Runs until SIGTERM.
 */
public final class EmbeddedKafkaMain {
  private static final String[] REQUIRED = {"node.id", "cluster.id", "data.dir", "broker.port",
      "controller.port", "voters", "replication"};

  private EmbeddedKafkaMain() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> given = parse(args);
    Map<String, String> overrides = new HashMap<>(given);
    for (String name : REQUIRED) {
      if (!given.containsKey(name)) {
        System.err.println("missing argument " + name + "=...");
        System.exit(2);
      }
      overrides.remove(name);
    }
    EmbeddedKafka.NodeSettings settings = new EmbeddedKafka.NodeSettings(
        Integer.parseInt(given.get("node.id")), given.get("cluster.id"),
        Path.of(given.get("data.dir")), "127.0.0.1", Integer.parseInt(given.get("broker.port")),
        Integer.parseInt(given.get("controller.port")), given.get("voters"),
        Integer.parseInt(given.get("replication")), overrides);
    EmbeddedKafka kafka = EmbeddedKafka.start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      kafka.close();
      stopped.countDown();
    }, "kafka-shutdown"));
    stopped.await();
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> out = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        System.err.println("arguments are name=value, got: " + arg);
        System.exit(2);
      }
      out.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return out;
  }
}
