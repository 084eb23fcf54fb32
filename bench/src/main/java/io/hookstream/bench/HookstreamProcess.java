package io.hookstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hookstream's standalone (or one of its services) as a child process of the benchmark, so its
 * heap and GC are its own while it shares the machine's cores with Kafka and the receiver.
 */
final class HookstreamProcess implements AutoCloseable {
  private final Process process;
  final int httpPort;
  final String adminToken;
  private final HttpClient http = HttpClient.newHttpClient();

  private HookstreamProcess(Process process, int httpPort, String adminToken) {
    this.process = process;
    this.httpPort = httpPort;
    this.adminToken = adminToken;
  }

  /**
   * Starts {@code mainClass} from the standalone jar's class path, on the options' JVM, with {@code env}, logging to
   * {@code log}, and waits until {@code /health/ready} answers 200.
   */
  static HookstreamProcess start(Options options, String mainClass, Map<String, String> env,
      List<String> jvmArgs, Path log) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(options.javaCommand());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(options.jar().toString());
    cmd.add(mainClass);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process process = pb.start();
    int port = Integer.parseInt(env.get("HOOKSTREAM_HTTP_PORT"));
    HookstreamProcess hs = new HookstreamProcess(process, port,
        env.getOrDefault("HOOKSTREAM_ADMIN_TOKEN", ""));
    hs.awaitReady(Duration.ofSeconds(120), log);
    return hs;
  }

  long pid() {
    return process.pid();
  }

  private void awaitReady(Duration timeout, Path log) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Hookstream exited; see " + log + ":\n"
            + Files.readString(log));
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + httpPort + "/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("Hookstream not ready within " + timeout + "; see " + log);
  }

  JsonNode post(String path, String json) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + httpPort + path))
        .header("Authorization", "Bearer " + adminToken)
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
    }
    return Json.mapper().readTree(r.body());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
