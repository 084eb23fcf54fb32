package io.hookstream.testkit;

import io.hookstream.embedded.EmbeddedKafka;
import io.hookstream.embedded.EmbeddedKafkaMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A multi-broker KRaft cluster of real Kafka nodes, each its own JVM (broker and controller
 * combined), on free loopback ports with data in a test's directory. Internal topics are
 * replicated to every node with {@code min.insync.replicas=2}, so the cluster keeps accepting
 * writes with one node killed.
 */
public final class KafkaCluster implements AutoCloseable {
  private final List<ServiceProcess> nodes;
  private final List<Integer> brokerPorts;

  private KafkaCluster(List<ServiceProcess> nodes, List<Integer> brokerPorts) {
    this.nodes = nodes;
    this.brokerPorts = brokerPorts;
  }

  /** Starts {@code size} nodes and waits until every one of them serves. */
  public static KafkaCluster start(Path dir, int size, Duration timeout) {
    String clusterId = Uuid.randomUuid().toString();
    List<Integer> brokerPorts = new ArrayList<>();
    List<Integer> controllerPorts = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      brokerPorts.add(EmbeddedKafka.freePort());
      controllerPorts.add(EmbeddedKafka.freePort());
    }
    String voters = java.util.stream.IntStream.range(0, size)
        .mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts.get(i))
        .collect(Collectors.joining(","));
    List<ServiceProcess> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      int id = i + 1;
      nodes.add(ServiceProcess.startMain(EmbeddedKafkaMain.class.getName(), List.of(
          "node.id=" + id, "cluster.id=" + clusterId, "data.dir=" + dir.resolve("kafka-" + id),
          "broker.port=" + brokerPorts.get(i), "controller.port=" + controllerPorts.get(i),
          "voters=" + voters, "replication=" + size, "default.replication.factor=" + size,
          "min.insync.replicas=" + Math.min(2, size)), dir.resolve("kafka-" + id + ".log")));
    }
    KafkaCluster cluster = new KafkaCluster(nodes, brokerPorts);
    try {
      cluster.awaitBrokers(size, timeout);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** Every node's broker address: clients survive the loss of any one. */
  public String bootstrapServers() {
    return brokerPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  /** SIGKILL of node {@code nodeId} (1-based): no controlled shutdown, no leadership handed on. */
  public void kill9(int nodeId) {
    nodes.get(nodeId - 1).kill9();
  }

  /** Waits until {@code count} brokers are registered and answering. */
  private void awaitBrokers(int count, Duration timeout) {
    Map<String, Object> conf = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers(), AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    AtomicInteger seen = new AtomicInteger();
    try (Admin admin = Admin.create(conf)) {
      Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
        for (ServiceProcess node : nodes) {
          if (!node.alive()) {
            throw new IllegalStateException("a Kafka node exited: " + node.tail());
          }
        }
        try {
          seen.set(admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size());
        } catch (Exception e) {
          return false; // not serving yet
        }
        return seen.get() >= count;
      });
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(count + " brokers not serving within " + timeout + " (saw "
          + seen + "): " + nodes.get(0).tail());
    }
  }

  @Override
  public void close() {
    // All at once: a node stopping alone waits for a quorum that its peers would take with them.
    nodes.forEach(ServiceProcess::terminate);
    nodes.forEach(ServiceProcess::close);
  }

}
