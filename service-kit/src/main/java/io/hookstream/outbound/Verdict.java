package io.hookstream.outbound;

import java.time.Duration;

/** The classification of an attempt: the one thing the rest of the pipeline acts on. */
public sealed interface Verdict {
  /** A success status (any 2xx unless the subscription names its own) within the timeout. */
  record Delivered() implements Verdict {}

  /** Worth another attempt; {@code retryAfter} is the receiver's wish, if it stated one. */
  record Retry(Duration retryAfter) implements Verdict {}

  /** 410 Gone: the receiver asks never to be called again. */
  record Gone() implements Verdict {}

  /** No retry can succeed (a refused target, a template that fails). */
  record Permanent() implements Verdict {}
}
