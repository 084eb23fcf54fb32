package io.hookstream.standalone;

import io.hookstream.config.ConfigException;
import io.hookstream.config.Env;
import java.time.Clock;
import java.time.Duration;

/** {@code java -jar hookstream-standalone.jar}: everything in one JVM, until SIGTERM. */
public final class StandaloneMain {
  private static final Duration READY_WAIT = Duration.ofMinutes(2);

  private StandaloneMain() {}

  public static void main(String[] args) {
    try {
      // The shutdown hook goes in first, so Ctrl-C while starting still stops cleanly.
      Standalone.start(Env.system(), Clock.systemUTC()).closeOnShutdown()
          .awaitReady(READY_WAIT);
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
  }
}
