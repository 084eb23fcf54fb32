package io.hookstream.ingest.catalog;

/**
 * The owner refused a catalog change: absent (404), already there or changed meanwhile (409), not
 * at the version the caller expected (412). Answered as the API's JSON error.
 */
public final class CommandRefused extends RuntimeException {
  private final int status;
  private final String code;

  public CommandRefused(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
