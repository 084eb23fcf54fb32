package io.hookstream.service;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts services in order and closes them in reverse, also on SIGTERM. A service that fails to
 * start closes the ones already started, so nothing is left half-running.
 */
public final class ServiceRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private boolean closed;

  /** Starts each in order; each is either a {@link Service} or a resource that only needs closing. */
  public synchronized void start(List<?> components) {
    for (Object component : components) {
      try {
        if (component instanceof Service service) {
          service.start();
          log.info("{} started", service.name());
        }
        started.push((AutoCloseable) component);
      } catch (RuntimeException e) {
        log.error("start failed; stopping what was started", e);
        close();
        throw e;
      }
    }
  }

  /** Adds a component that is already running, to be closed with the others. */
  public synchronized void manage(AutoCloseable component) {
    started.push(component);
  }

  /** Closes everything when the JVM is asked to stop (SIGTERM, SIGINT). */
  public ServiceRunner closeOnShutdown() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "hookstream-shutdown"));
    return this;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    while (!started.isEmpty()) {
      AutoCloseable component = started.pop();
      try {
        component.close();
        if (component instanceof Service service) {
          log.info("{} stopped", service.name());
        }
      } catch (Exception e) {
        log.warn("error while stopping {}", component, e);
      }
    }
  }
}
