package io.hookstream.deploy;

import io.hookstream.config.Env;
import io.hookstream.dispatch.DispatcherConfig;
import io.hookstream.ingest.IngestConfig;
import io.hookstream.retry.scheduler.RetrySchedulerConfig;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a service makes of an environment: its configuration read exactly as its {@code main}
 * reads it at start. A deployment file's variables pass only if the service accepts their values
 * and reads every one of them.
 */
final class ServiceEnvironment {
  private ServiceEnvironment() {}

  /**
   * Reads {@code service}'s configuration from {@code vars}; throws the service's own
   * {@link io.hookstream.config.ConfigException} when a value is missing or invalid.
   *
   * @return the variables set that the service never reads (pass-through Kafka properties count
   *     as read)
   */
  static Set<String> unread(String service, Map<String, String> vars) {
    Env env = Env.of(vars);
    switch (service) {
      case "ingest-service" -> IngestConfig.fromEnv(env);
      case "dispatcher-worker" -> DispatcherConfig.fromEnv(env);
      case "retry-scheduler" -> RetrySchedulerConfig.fromEnv(env);
      default -> throw new IllegalArgumentException("no service " + service);
    }
    Set<String> asked = env.asked();
    Set<String> out = new TreeSet<>();
    for (String name : vars.keySet()) {
      boolean passThrough = asked.stream().anyMatch(a -> a.endsWith("*")
          && name.startsWith(a.substring(0, a.length() - 1)));
      if (!asked.contains(name) && !passThrough && !name.equals("JAVA_TOOL_OPTIONS")) {
        out.add(name);
      }
    }
    return out;
  }
}
