package io.hookstream.ingest.query;

/** The data's owner is moving (a rebalance) or unreachable: answered 503, try again shortly. */
public final class QueryUnavailableException extends RuntimeException {
  public QueryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
