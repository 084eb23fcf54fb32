package io.hookstream.standalone;

import io.hookstream.config.ConfigException;
import io.hookstream.config.Env;
import io.hookstream.standalone.cli.Commands;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar hookstream-standalone.jar}: everything in one JVM, until SIGTERM. Any start
 * failure ends the JVM at once with one line saying what to change: status 2 for configuration
 * (a taken port, an unwritable data directory, an invalid variable), 1 for anything else.
 */
public final class StandaloneMain {
  private static final Logger log = LoggerFactory.getLogger(StandaloneMain.class);
  private static final Duration READY_WAIT = Duration.ofMinutes(2);

  private StandaloneMain() {}

  public static void main(String[] args) {
    if (args.length > 0) {
      System.exit(Commands.run(args, Env.system()));
    }
    Standalone standalone;
    try {
      standalone = Standalone.start(Env.system(), Clock.systemUTC());
    } catch (ConfigException e) {
      System.err.println("Hookstream did not start: " + e.getMessage());
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      log.debug("start failed", e);
      System.err.println("Hookstream did not start: " + e);
      // Kafka's threads would keep the JVM alive: end it whatever is still running.
      System.exit(1);
      return;
    }
    standalone.closeOnShutdown().awaitReady(READY_WAIT);
  }
}
