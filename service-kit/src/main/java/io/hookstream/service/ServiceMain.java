package io.hookstream.service;

import io.hookstream.config.ConfigException;
import io.hookstream.config.Env;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every service's {@code main} shares: the {@code topics} command, a clear exit on bad
 * configuration (status 2, naming the variable) or a failed start (status 1), and a clean stop on
 * SIGTERM through the started {@link ServiceRunner}.
 */
public final class ServiceMain {
  private static final Logger log = LoggerFactory.getLogger(ServiceMain.class);

  private ServiceMain() {}

  /** Builds a service from the environment and starts it (and its HTTP port) with the runner. */
  @FunctionalInterface
  public interface Starter {
    void start(Env env, ServiceRunner runner);
  }

  /** Runs {@code start} with the process environment, or the command named in {@code args}. */
  public static void run(String name, String[] args, Starter starter) {
    Env env = Env.system();
    try {
      if (args.length == 1 && args[0].equals("topics")) {
        TopicsCommand.lines(env).forEach(System.out::println);
        return;
      }
      if (args.length > 0) {
        System.err.println("usage: java -jar " + name + ".jar [topics]");
        System.exit(2);
      }
      starter.start(env, new ServiceRunner().closeOnShutdown());
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    } catch (RuntimeException e) {
      log.error("{} failed to start: {}", name, e.getMessage(), e);
      System.exit(1);
    }
  }
}
