package io.hookstream.config;

/** Invalid configuration, found at start. The message names the variable and what it must be. */
public final class ConfigException extends RuntimeException {
  private final String variable;

  public ConfigException(String variable, String value, String expectation) {
    super("invalid configuration: " + variable + "=" + (value == null ? "" : "'" + value + "'")
        + " " + expectation);
    this.variable = variable;
  }

  public String variable() {
    return variable;
  }
}
