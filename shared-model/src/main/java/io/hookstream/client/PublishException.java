package io.hookstream.client;

/**
 * A publish that Hookstream refused or that did not get through. {@code retryable} is true when
 * trying again later can succeed (503, a network error); false for a refusal of the event itself.
 */
public final class PublishException extends RuntimeException {
  private final int status;
  private final String code;
  private final String field;
  private final boolean retryable;

  public PublishException(int status, String code, String message, String field, boolean retryable,
      Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryable = retryable;
  }

  /** The HTTP status, or 0 when no answer came. */
  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }

  public boolean retryable() {
    return retryable;
  }
}
