package io.hookstream.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in KRaft combined mode (broker and controller in one node), started from the
 * Kafka broker jars in this JVM. Its log directory is formatted on first start and reused after,
 * so a restart keeps every topic. Several nodes started with the same cluster id and voters form a
 * multi-broker cluster (each in its own JVM, see {@link EmbeddedKafkaMain}).
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  private final NodeSettings settings;
  private final KafkaRaftServer server;

  /**
   * How one node runs.
   *
   * @param voters the controller quorum, {@code id@host:port,...}; for one node, its own controller
   * @param replication replication factor of Kafka's internal topics (offsets, transactions)
   */
  public record NodeSettings(int nodeId, String clusterId, Path dataDir, String host, int brokerPort,
      int controllerPort, String voters, int replication, Map<String, String> overrides) {
    public NodeSettings {
      overrides = Map.copyOf(overrides);
    }

    /** One node that is the whole cluster; its controller listens on a free ephemeral port. */
    public static NodeSettings single(Path dataDir, int brokerPort) {
      int controllerPort = freePort();
      return new NodeSettings(1, null, dataDir, "127.0.0.1", brokerPort, controllerPort,
          "1@127.0.0.1:" + controllerPort, 1, Map.of());
    }

    public NodeSettings withOverrides(Map<String, String> more) {
      Map<String, String> merged = new java.util.HashMap<>(overrides);
      merged.putAll(more);
      return new NodeSettings(nodeId, clusterId, dataDir, host, brokerPort, controllerPort, voters,
          replication, merged);
    }
  }

  private EmbeddedKafka(NodeSettings settings, KafkaRaftServer server) {
    this.settings = settings;
    this.server = server;
  }

  /** Formats the data directory if it is new, starts the node and waits until it serves. */
  public static EmbeddedKafka start(NodeSettings settings) {
    return start(settings, Map.of());
  }

  /**
   * The same, for a node whose listener needs client settings (a SASL or TLS listener set up in
   * {@link NodeSettings#overrides()}): {@code clientProperties} are what a client must add.
   */
  public static EmbeddedKafka start(NodeSettings settings, Map<String, Object> clientProperties) {
    Properties props = properties(settings);
    KafkaConfig config = KafkaConfig.fromProps(props, false);
    format(settings, config);
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    EmbeddedKafka kafka = new EmbeddedKafka(settings, server);
    if (settings.replication() == 1) {
      kafka.awaitServing(Duration.ofSeconds(60), clientProperties);
    }
    log.info("embedded Kafka node {} serving on {} (data in {})", settings.nodeId(),
        kafka.bootstrapServers(), settings.dataDir());
    return kafka;
  }

  public String bootstrapServers() {
    return settings.host() + ":" + settings.brokerPort();
  }

  public int nodeId() {
    return settings.nodeId();
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    log.info("embedded Kafka node {} stopped", settings.nodeId());
  }

  private void awaitServing(Duration timeout, Map<String, Object> clientProperties) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Object> conf = new java.util.HashMap<>(clientProperties);
    conf.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    conf.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    conf.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    try (Admin admin = Admin.create(conf)) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("embedded Kafka did not start serving in " + timeout, e);
          }
        }
      }
    }
  }

  static Properties properties(NodeSettings s) {
    Path logDir = s.dataDir().resolve("kafka-logs");
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(s.nodeId()));
    p.put("controller.quorum.voters", s.voters());
    p.put("listeners", "PLAINTEXT://" + s.host() + ":" + s.brokerPort() + "," + CONTROLLER_LISTENER
        + "://" + s.host() + ":" + s.controllerPort());
    p.put("advertised.listeners", "PLAINTEXT://" + s.host() + ":" + s.brokerPort());
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    String replication = String.valueOf(s.replication());
    p.put("offsets.topic.replication.factor", replication);
    p.put("transaction.state.log.replication.factor", replication);
    p.put("transaction.state.log.min.isr", String.valueOf(Math.min(2, s.replication())));
    p.put("share.coordinator.state.topic.replication.factor", replication);
    p.put("share.coordinator.state.topic.min.isr", String.valueOf(Math.min(2, s.replication())));
    // A small machine: fewer internal partitions start faster and cost less memory.
    p.put("offsets.topic.num.partitions", "10");
    p.put("transaction.state.log.num.partitions", "10");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    p.put("log.cleaner.threads", "1");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("num.recovery.threads.per.data.dir", "2");
    p.putAll(s.overrides());
    return p;
  }

  private static void format(NodeSettings s, KafkaConfig config) {
    try {
      Files.createDirectories(s.dataDir());
      String logDir = config.logDirs().get(0);
      if (Files.exists(Path.of(logDir, "meta.properties"))) {
        return;
      }
      String clusterId = s.clusterId() != null ? s.clusterId() : Uuid.randomUuid().toString();
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(s.nodeId())
          .setClusterId(clusterId)
          .setDirectories(List.of(logDir))
          .setMetadataLogDirectory(logDir)
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setReleaseVersion(MetadataVersion.latestProduction())
          .setIgnoreFormatted(true)
          .run();
      log.info("formatted {} for cluster {}", logDir, clusterId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot format the Kafka log directory in " + s.dataDir(), e);
    }
  }

  /** A TCP port free right now on loopback. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
