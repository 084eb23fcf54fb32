package io.hookstream.standalone.cli;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code tail <topic>}: prints a topic's records as they arrive, one line each, so no Kafka tools
 * are needed to look inside: partition and offset, time, key, headers, and the value as text
 * (JSON as written), or as hex when it is binary. Reads committed records only, without a
 * consumer group, so it changes nothing.
 */
final class Tail implements AutoCloseable {
  private static final int HEX_BYTES = 48;

  private final String topic;
  private final boolean fromBeginning;
  private final long max;
  private final PrintStream out;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AtomicBoolean running = new AtomicBoolean(true);

  /**
   * @param max records to print before returning; 0 follows the topic until {@link #close()}
   */
  Tail(String bootstrap, String topic, boolean fromBeginning, long max, PrintStream out) {
    this.topic = topic;
    this.fromBeginning = fromBeginning;
    this.max = max;
    this.out = out;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.CLIENT_ID_CONFIG, "hookstream-tail",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Prints until {@code max} records or {@link #close()}; fails when the topic is unknown. */
  void run() {
    try {
      List<TopicPartition> partitions = partitions();
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      long printed = 0;
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          out.println(line(record));
          if (max > 0 && ++printed >= max) {
            return;
          }
        }
        out.flush();
      }
    } catch (WakeupException e) {
      // closed
    } finally {
      out.flush();
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private List<TopicPartition> partitions() {
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new Args.UsageException("Kafka did not answer within 10 s: is Hookstream running?"
          + " (set --bootstrap or KAFKA_BOOTSTRAP_SERVERS)");
    }
    if (infos == null || infos.isEmpty()) {
      TreeSet<String> known = new TreeSet<>(consumer.listTopics(Duration.ofSeconds(10)).keySet());
      known.removeIf(name -> name.startsWith("__"));
      throw new Args.UsageException("no topic " + topic + "; there are: "
          + String.join(" ", known));
    }
    return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
  }

  static String line(ConsumerRecord<byte[], byte[]> record) {
    StringBuilder b = new StringBuilder();
    b.append(record.partition()).append('@').append(record.offset()).append(' ')
        .append(Instant.ofEpochMilli(record.timestamp())).append(" key=")
        .append(record.key() == null ? "(none)" : readable(record.key()));
    for (Header h : record.headers()) {
      b.append(' ').append(h.key()).append('=')
          .append(h.value() == null ? "" : readable(h.value()));
    }
    b.append(' ').append(record.value() == null ? "(tombstone)" : readable(record.value()));
    return b.toString();
  }

  /** UTF-8 text with control characters escaped, or hex of the first bytes of binary data. */
  static String readable(byte[] bytes) {
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
      StringBuilder b = new StringBuilder(text.length());
      for (char c : text.toCharArray()) {
        if (c < 0x20 || c == 0x7f) {
          b.append(String.format("\\u%04x", (int) c));
        } else {
          b.append(c);
        }
      }
      return b.toString();
    } catch (CharacterCodingException e) {
      int shown = Math.min(bytes.length, HEX_BYTES);
      return "(binary, " + bytes.length + " bytes) 0x"
          + HexFormat.of().formatHex(bytes, 0, shown) + (shown < bytes.length ? "…" : "");
    }
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
  }
}
