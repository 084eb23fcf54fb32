package io.hookstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Hookstream main class run as a child JVM on the test's class path, so a test can kill it
 * with SIGKILL and start it again, or run several side by side as separate processes.
 */
public final class ServiceProcess implements AutoCloseable {
  private final Process process;
  private final int httpPort;
  private final Path log;

  private ServiceProcess(Process process, int httpPort, Path log) {
    this.process = process;
    this.httpPort = httpPort;
    this.log = log;
  }

  /** Starts {@code mainClass} with {@code env}; {@code HOOKSTREAM_HTTP_PORT} must be in it. */
  public static ServiceProcess start(String mainClass, Map<String, String> env, Path log) {
    return launch(List.of("-cp", System.getProperty("java.class.path"), mainClass), env, log,
        httpPort(env));
  }

  /**
   * Starts a service's executable jar as an operator would ({@code java -jar <jar>}), configured
   * only by {@code env}; {@code HOOKSTREAM_HTTP_PORT} must be in it.
   */
  public static ServiceProcess startJar(Path jar, Map<String, String> env, Path log) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run the package phase first");
    }
    return launch(List.of("-jar", jar.toString()), env, log, httpPort(env));
  }

  /**
   * Runs a command of an executable jar ({@code java -jar <jar> <args>}) with {@code env} added
   * to this JVM's environment; it has no HTTP port of its own.
   */
  public static ServiceProcess startJar(Path jar, List<String> args, Map<String, String> env,
      Path log) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run the package phase first");
    }
    List<String> cmd = new ArrayList<>(List.of("-jar", jar.toString()));
    cmd.addAll(args);
    return launch(cmd, env, log, -1);
  }

  /** Starts {@code mainClass} with arguments and no HTTP port (e.g. a Kafka node). */
  public static ServiceProcess startMain(String mainClass, List<String> args, Path log) {
    return startMain(mainClass, args, Map.of(), log);
  }

  /** The same, with {@code env} added to this JVM's environment. */
  public static ServiceProcess startMain(String mainClass, List<String> args,
      Map<String, String> env, Path log) {
    List<String> cmd = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"),
        mainClass));
    cmd.addAll(args);
    return launch(cmd, env, log, -1);
  }

  private static ServiceProcess launch(List<String> javaArgs, Map<String, String> env, Path log,
      int httpPort) {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    cmd.addAll(javaArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    try {
      return new ServiceProcess(pb.start(), httpPort, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int httpPort(Map<String, String> env) {
    return Integer.parseInt(env.get("HOOKSTREAM_HTTP_PORT"));
  }

  /** Waits until {@code /health/ready} answers 200; fails with the process's log otherwise. */
  public ServiceProcess awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + httpPort + "/health/ready")).build();
    awaitOrExplain(timeout, "not ready", () -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("process exited: " + tail());
      }
      try {
        return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false; // not listening yet
      }
    });
    return this;
  }

  /** Waits until a line of the process's output contains {@code text}; fails with its log. */
  public ServiceProcess awaitLog(String text, Duration timeout) {
    awaitOrExplain(timeout, "never logged \"" + text + "\"", () -> {
      if (output().contains(text)) {
        return true;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("process exited: " + tail());
      }
      return false;
    });
    return this;
  }

  /** Waits for the process to exit on its own; answers its exit status. */
  public int awaitExit(Duration timeout) {
    awaitOrExplain(timeout, "still running", () -> !process.isAlive());
    return process.exitValue();
  }

  /** Everything the process has printed so far. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  private void awaitOrExplain(Duration timeout, String what, Callable<Boolean> condition) {
    try {
      Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100))
          .ignoreExceptionsMatching(e -> !(e instanceof IllegalStateException))
          .until(condition);
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(what + " within " + timeout + ": " + tail());
    }
  }

  public int httpPort() {
    return httpPort;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** The last lines of the process's output, for failure messages. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
  public void kill9() {
    process.destroyForcibly();
    waitFor();
  }

  /** SIGTERM, without waiting: to stop several processes at once, then {@link #close()} each. */
  public void terminate() {
    process.destroy();
  }

  /** SIGTERM, then waits for a clean exit. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      waitFor();
    }
  }

  private void waitFor() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
