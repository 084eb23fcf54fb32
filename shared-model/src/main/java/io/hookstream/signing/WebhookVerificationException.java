package io.hookstream.signing;

/** A webhook request that must be rejected: the message says why, without revealing a secret. */
public final class WebhookVerificationException extends Exception {
  public WebhookVerificationException(String message) {
    super(message);
  }
}
