package io.hookstream.ingest;

/** Kafka did not take a write in time; the API answers 503 and the client may safely retry. */
public final class KafkaUnavailableException extends RuntimeException {
  public KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
