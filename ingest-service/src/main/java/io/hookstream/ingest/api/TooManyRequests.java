package io.hookstream.ingest.api;

/** Beyond a limit: answered 429 with the JSON error and {@code Retry-After}. */
public final class TooManyRequests extends RuntimeException {
  private final int retryAfterSeconds;

  public TooManyRequests(String message, int retryAfterSeconds) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
