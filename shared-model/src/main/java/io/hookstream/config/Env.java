package io.hookstream.config;

import io.hookstream.retry.RetrySchedule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Typed reads of environment variables, each with its default. Every invalid value throws a
 * {@link ConfigException} naming the variable, so a service fails at start, not at first use.
 */
public final class Env {
  private final Map<String, String> vars;
  private final Set<String> asked = ConcurrentHashMap.newKeySet();

  private Env(Map<String, String> vars) {
    this.vars = Map.copyOf(vars);
  }

  /**
   * Every variable name this environment was asked for so far (a prefix read shows as
   * {@code PREFIX*}): what a service reads, for checks that deployment files set nothing else.
   */
  public Set<String> asked() {
    return Set.copyOf(asked);
  }

  public static Env system() {
    return new Env(System.getenv());
  }

  public static Env of(Map<String, String> vars) {
    return new Env(vars);
  }

  /** The value, or empty when unset or blank. */
  public Optional<String> optional(String name) {
    asked.add(name);
    String value = vars.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  public String string(String name, String defaultValue) {
    return optional(name).orElse(defaultValue);
  }

  public int integer(String name, int defaultValue, int min, int max) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(raw.get());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(name, raw.get(), "must be an integer from " + min + " to " + max);
  }

  public int port(String name, int defaultValue) {
    return integer(name, defaultValue, 0, 65_535);
  }

  /** A host name or IP address to bind, e.g. {@code 127.0.0.1}, {@code 0.0.0.0} or {@code ::}. */
  public String host(String name, String defaultValue) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    if (raw.get().length() <= 253 && raw.get().matches("[A-Za-z0-9._:%-]+")) {
      return raw.get();
    }
    throw new ConfigException(name, raw.get(),
        "must be a host name or an IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0");
  }

  public boolean bool(String name, boolean defaultValue) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    return switch (raw.get().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(name, raw.get(), "must be true or false");
    };
  }

  public Duration duration(String name, Duration defaultValue, Duration min, Duration max) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      Duration value = Durations.parse(raw.get());
      if (value.compareTo(min) >= 0 && value.compareTo(max) <= 0) {
        return value;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new ConfigException(name, raw.get(), "must be a duration like 250ms, 5s, 30m, 2h or 1d, from "
        + Durations.format(min) + " to " + Durations.format(max));
  }

  public RetrySchedule retrySchedule(String name, RetrySchedule defaultValue) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      return RetrySchedule.parse(raw.get());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name, raw.get(), "must be " + e.getMessage());
    }
  }

  public Path path(String name, Path defaultValue) {
    return optional(name).map(Path::of).orElse(defaultValue);
  }

  /**
   * Every variable starting with {@code prefix}, with the prefix removed, sorted by name. Used for
   * pass-through settings such as {@code HOOKSTREAM_KAFKA_SECURITY_PROTOCOL}.
   */
  public Map<String, String> withPrefix(String prefix) {
    asked.add(prefix + "*");
    Map<String, String> out = new TreeMap<>();
    vars.forEach((k, v) -> {
      if (k.startsWith(prefix) && k.length() > prefix.length() && v != null) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }
}
