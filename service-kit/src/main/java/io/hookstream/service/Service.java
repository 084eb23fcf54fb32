package io.hookstream.service;

/**
 * A Hookstream service's lifecycle: constructed with its configuration, {@link #start()}ed once,
 * {@link #close()}d once. The standalone runs several in one JVM; tests start and stop them.
 */
public interface Service extends AutoCloseable {
  /** A short name for logs and health output, e.g. {@code dispatcher}. */
  String name();

  /** Starts background work and returns; failures to start throw. */
  void start();

  /** True once the service does its job: connected, assigned, caught up. */
  boolean ready();

  /** Stops: finishes or hands back in-flight work, commits, leaves consumer groups. */
  @Override
  void close();
}
