package io.hookstream.testkit;

import io.hookstream.embedded.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Kafka every broker-backed test uses: the embedded KRaft broker (a real broker from the Kafka
 * jars, on an ephemeral port with its own temp dir), or, with
 * {@code -Dhookstream.test.kafka=testcontainers} on a machine with Docker, the official
 * {@code apache/kafka} image through Testcontainers.
 */
public abstract class KafkaFixture implements AutoCloseable {
  public static final String PROPERTY = "hookstream.test.kafka";
  public static final String IMAGE = "apache/kafka:4.1.2";

  public abstract String bootstrapServers();

  @Override
  public abstract void close();

  /** Starts the Kafka chosen by {@value #PROPERTY} (default {@code embedded}). */
  public static KafkaFixture start() {
    String kind = System.getProperty(PROPERTY, "embedded");
    return switch (kind) {
      case "embedded", "" -> new Embedded();
      case "testcontainers" -> new Containerized();
      default -> throw new IllegalArgumentException(
          "-D" + PROPERTY + " must be embedded or testcontainers, not " + kind);
    };
  }

  private static final class Embedded extends KafkaFixture {
    private final Path dir;
    private final EmbeddedKafka kafka;

    Embedded() {
      try {
        dir = Files.createTempDirectory("hookstream-kafka-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      kafka = EmbeddedKafka.start(
          EmbeddedKafka.NodeSettings.single(dir, EmbeddedKafka.freePort()));
    }

    @Override
    public String bootstrapServers() {
      return kafka.bootstrapServers();
    }

    @Override
    public void close() {
      kafka.close();
      deleteRecursively(dir);
    }
  }

  private static final class Containerized extends KafkaFixture {
    private final KafkaContainer container = new KafkaContainer(IMAGE);

    Containerized() {
      container.start();
    }

    @Override
    public String bootstrapServers() {
      return container.getBootstrapServers();
    }

    @Override
    public void close() {
      container.stop();
    }
  }

  /** Removes a test's temp directory; best effort, a leftover file is not a test failure. */
  public static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }
}
