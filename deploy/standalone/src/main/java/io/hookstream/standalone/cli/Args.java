package io.hookstream.standalone.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A command's arguments: {@code --name value} options, {@code --flag}s and positionals. */
final class Args {
  private final Map<String, String> options = new HashMap<>();
  private final List<String> positional = new ArrayList<>();

  /** Thrown for arguments the command does not take; its message is the one line to print. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  /**
   * Parses {@code args}; {@code valued} names the options that take a value, {@code flags} those
   * that do not. Anything else starting with {@code --} is refused.
   */
  static Args parse(List<String> args, Set<String> valued, Set<String> flags) {
    Args out = new Args();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        out.positional.add(arg);
        continue;
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name) && value == null) {
        out.options.put(name, "true");
      } else if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw new UsageException("--" + name + " needs a value");
          }
          value = args.get(++i);
        }
        out.options.put(name, value);
      } else {
        throw new UsageException("unknown option --" + name);
      }
    }
    return out;
  }

  Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name));
  }

  boolean flag(String name) {
    return options.containsKey(name);
  }

  int intOption(String name, int defaultValue, int min, int max) {
    String raw = options.get(name);
    if (raw == null) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--" + name + " must be a number from " + min + " to " + max);
  }

  List<String> positional() {
    return List.copyOf(positional);
  }
}
