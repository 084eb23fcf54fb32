package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * Where one FIFO endpoint stands, on the compacted {@code hookstream.fifo-state} topic keyed by
 * subscription id; written by the FIFO worker owning the endpoint's partition of
 * {@code hookstream.fifo-hold}, after every outcome of its head and when its backlog changes.
 *
 * @param partition the partition of {@code hookstream.fifo-hold} the offsets below belong to
 * @param doneOffset the offset of the last delivery finished (delivered, dead-lettered or
 *     skipped); everything of this endpoint at or before it is done. -1: none yet
 * @param lastSequence the highest {@code webhook-sequence} finished, 0 for none
 * @param head the delivery at the head (absent when nothing waits)
 * @param headSequence its sequence
 * @param headAttempt the attempt it is at, from 1
 * @param headTier the steps of the retry schedule it has used up
 * @param nextAttemptAt when the head is tried next, after a failure
 * @param backlog deliveries waiting behind the last finished one, head included, as far as the
 *     worker has read them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FifoState(
    int v,
    SubscriptionId subscriptionId,
    TenantId tenant,
    int partition,
    long doneOffset,
    long lastSequence,
    DeliveryId head,
    Long headSequence,
    int headAttempt,
    int headTier,
    Instant nextAttemptAt,
    long backlog,
    Instant updatedAt) {
  public static final int VERSION = 1;

  public FifoState {
    v = v == 0 ? VERSION : v;
    Objects.requireNonNull(subscriptionId, "subscriptionId");
  }
}
