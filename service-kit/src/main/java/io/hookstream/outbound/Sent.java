package io.hookstream.outbound;

/**
 * One attempt as made: the request (null when it could not be made, e.g. a failing template),
 * what came back, and what that means.
 */
public record Sent(Prepared request, HttpOutcome outcome, Verdict verdict) {
  /** The body a template rendered in this attempt, to keep with the delivery; or null. */
  public io.hookstream.model.RawJson rendered() {
    return request == null ? null : request.rendered();
  }
}
