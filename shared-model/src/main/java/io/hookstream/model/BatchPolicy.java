package io.hookstream.model;

/**
 * Batches for a FIFO endpoint: while it works through a backlog, up to {@code maxEvents} waiting
 * deliveries go out as one request, a JSON array of their bodies, signed once.
 */
public record BatchPolicy(int maxEvents) {
  public static final int MAX_EVENTS = 100;

  public BatchPolicy {
    if (maxEvents < 1 || maxEvents > MAX_EVENTS) {
      throw new IllegalArgumentException("maxEvents must be between 1 and " + MAX_EVENTS);
    }
  }
}
