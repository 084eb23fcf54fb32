package io.hookstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.embedded.EmbeddedKafka;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone that cannot start says so in one line naming the variable to change, and exits
 * within seconds: before Kafka starts, so nothing of Kafka's keeps the JVM alive.
 */
class StartFailureTest {
  /** Far below Kafka's own start (~5 s on an idle machine): the check runs before it. */
  private static final long EXIT_WITHIN_SECONDS = 30;

  @TempDir Path dir;

  private record Ended(int status, String output, long millis) {}

  @Test
  void aTakenKafkaPortNamesItsVariable() throws Exception {
    try (ServerSocket taken = listening()) {
      Ended ended = run(Map.of("HOOKSTREAM_EMBEDDED_KAFKA_PORT",
          String.valueOf(taken.getLocalPort())));
      assertThat(ended.status()).isEqualTo(2);
      assertThat(ended.output()).contains("HOOKSTREAM_EMBEDDED_KAFKA_PORT=")
          .contains("127.0.0.1:" + taken.getLocalPort())
          .contains("set HOOKSTREAM_EMBEDDED_KAFKA_PORT to a free port");
      assertThat(dir.resolve("data/kafka")).doesNotExist();
    }
  }

  @Test
  void aTakenHttpPortFailsBeforeKafkaStarts() throws Exception {
    try (ServerSocket taken = listening()) {
      Ended ended = run(Map.of("HOOKSTREAM_HTTP_PORT", String.valueOf(taken.getLocalPort())));
      assertThat(ended.status()).isEqualTo(2);
      assertThat(ended.output()).contains("set HOOKSTREAM_HTTP_PORT to a free port");
      assertThat(dir.resolve("data/kafka")).doesNotExist();
    }
  }

  @Test
  void aDataDirThatCannotBeWrittenNamesItsVariable() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
    Ended ended = run(Map.of("HOOKSTREAM_DATA_DIR", file.toString()));
    assertThat(ended.status()).isEqualTo(2);
    assertThat(ended.output()).contains("HOOKSTREAM_DATA_DIR='" + file + "'")
        .contains("must be a directory this user can write");
  }

  @Test
  void anInvalidVariableIsNamedBeforeAnythingStarts() throws Exception {
    Ended ended = run(Map.of("HOOKSTREAM_RETRY_SCHEDULE", "soon"));
    assertThat(ended.status()).isEqualTo(2);
    assertThat(ended.output()).contains("HOOKSTREAM_RETRY_SCHEDULE='soon'");
    assertThat(dir.resolve("data/kafka")).doesNotExist();
  }

  @Test
  void anInvalidBindAddressIsNamed() throws Exception {
    Ended ended = run(Map.of("HOOKSTREAM_HTTP_HOST", "every interface"));
    assertThat(ended.status()).isEqualTo(2);
    assertThat(ended.output()).contains("HOOKSTREAM_HTTP_HOST='every interface'");
  }

  private static ServerSocket listening() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress("127.0.0.1", 0));
    return socket;
  }

  /** Runs the standalone's main as a new JVM with {@code overrides}; waits for it to exit. */
  private Ended run(Map<String, String> overrides) throws Exception {
    Path output = dir.resolve("output.log");
    ProcessBuilder pb = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        StandaloneMain.class.getName()))
        .redirectErrorStream(true).redirectOutput(output.toFile());
    Map<String, String> env = pb.environment();
    env.put("HOOKSTREAM_DATA_DIR", dir.resolve("data").toString());
    env.put("HOOKSTREAM_HTTP_PORT", String.valueOf(EmbeddedKafka.freePort()));
    env.put("HOOKSTREAM_EMBEDDED_KAFKA_PORT", String.valueOf(EmbeddedKafka.freePort()));
    env.remove("KAFKA_BOOTSTRAP_SERVERS");
    env.putAll(overrides);
    long start = System.nanoTime();
    Process process = pb.start();
    boolean exited = process.waitFor(EXIT_WITHIN_SECONDS, TimeUnit.SECONDS);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    if (!exited) {
      process.destroyForcibly().waitFor();
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(exited).as("exited within %d s; output:%n%s", EXIT_WITHIN_SECONDS, text).isTrue();
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).as("one line saying what to change").hasSize(1);
    assertThat(lines.get(0)).startsWith("Hookstream did not start: invalid configuration: ");
    return new Ended(process.exitValue(), text, millis);
  }
}
