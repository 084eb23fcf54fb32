package io.hookstream.standalone;

import io.hookstream.config.ConfigException;
import io.hookstream.config.Env;
import java.time.Clock;

/** {@code java -jar hookstream-standalone.jar}: everything in one JVM, until SIGTERM. */
public final class StandaloneMain {
  private StandaloneMain() {}

  public static void main(String[] args) {
    try {
      Standalone.start(Env.system(), Clock.systemUTC()).closeOnShutdown();
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
  }
}
