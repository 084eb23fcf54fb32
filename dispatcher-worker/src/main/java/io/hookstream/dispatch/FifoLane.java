package io.hookstream.dispatch;

import io.hookstream.model.DeliveryTask;
import io.hookstream.model.FifoState;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.TenantId;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One FIFO endpoint's place in its partition of {@code hookstream.fifo-hold}: the deliveries read
 * and waiting (at most {@link #BUFFER}), the head's progress, and what is durably done. Records
 * beyond the buffer are not kept: the lane notes the first one it let pass ({@code skipFrom}) and
 * asks its partition to be read again from there once it has room, so a blocked endpoint holds
 * memory for {@link #BUFFER} deliveries whatever its backlog, and never holds the partition.
 *
 * <p>Confined to the FIFO worker's lane thread.
 */
final class FifoLane {
  /** Deliveries kept in memory per endpoint; a batch takes at most half. */
  static final int BUFFER = 200;

  record Held(long offset, DeliveryTask task) {}

  final SubscriptionId id;
  final TenantId tenant;
  final int partition;
  final ArrayDeque<Held> queue = new ArrayDeque<>();
  /** The highest offset this lane has queued or judged done. */
  private long takenUpTo = -1;
  long doneOffset;
  long lastSequence;
  /** The highest sequence seen in the partition, kept or not: the backlog's far end. */
  private long highestSeen;
  /** The highest router sequence queued here (or done): a copy at or below it is a repeat. */
  private long highestTaken;
  private boolean skipping;
  private long skipFrom = -1;
  /** The read-again this lane waits for: records of an earlier epoch still pass it by. */
  private int resumeEpoch;
  /** Restored progress of the head, applied when it is read again. */
  private FifoState restoredHead;

  /** The deliveries of the request out now; null when none. */
  List<Held> inFlight;
  /** When the head may be tried again; null: now. */
  Instant nextTryAt;
  /** A pump is scheduled for {@link #nextTryAt}. */
  boolean wakeScheduled;
  /** Waiting for the catalog to apply a halt or disable asked at this version. */
  long awaitingVersion = -1;
  /** The endpoint was seen halted or disabled: it starts its head on a fresh schedule after. */
  boolean paused;
  /** The last backlog figure written out. */
  long publishedBacklog = -1;

  FifoLane(SubscriptionId id, TenantId tenant, int partition, FifoState restored) {
    this.id = id;
    this.tenant = tenant;
    this.partition = partition;
    boolean same = restored != null && restored.partition() == partition;
    this.doneOffset = same ? restored.doneOffset() : -1;
    this.lastSequence = restored != null ? restored.lastSequence() : 0;
    this.highestSeen = lastSequence;
    this.restoredHead = same && restored.head() != null ? restored : null;
  }

  /** What the lane did with a record it was offered. */
  enum Taken { QUEUED, DUPLICATE, PASSED }

  /**
   * Takes a record of this endpoint, read in epoch {@code epoch} of its partition. Records
   * already done or queued are dropped; a router's delivery whose sequence is already finished is a
   * repeat (its spill was written twice); beyond the buffer, the record is passed over, to be read
   * again.
   */
  Taken offer(long offset, DeliveryTask task, int epoch) {
    if (task.sequence() != null && task.runNumber() == 0) {
      highestSeen = Math.max(highestSeen, task.sequence());
    }
    if (offset <= takenUpTo || offset <= doneOffset) {
      return Taken.DUPLICATE;
    }
    if (skipping) {
      if (resumeEpoch == 0 || epoch < resumeEpoch) {
        return Taken.PASSED;
      }
      skipping = false;
      skipFrom = -1;
      resumeEpoch = 0;
    }
    if (repeat(task)) {
      takenUpTo = offset;
      return Taken.DUPLICATE;
    }
    if (queue.size() >= BUFFER) {
      skipping = true;
      skipFrom = offset;
      return Taken.PASSED;
    }
    DeliveryTask kept = task;
    if (restoredHead != null && queue.isEmpty() && task.id().equals(restoredHead.head())
        && task.runNumber() == 0) {
      kept = task.atAttempt(restoredHead.headAttempt(), restoredHead.headTier());
      nextTryAt = restoredHead.nextAttemptAt();
    }
    restoredHead = null;
    queue.add(new Held(offset, kept));
    takenUpTo = offset;
    if (task.runNumber() == 0 && task.sequence() != null) {
      highestTaken = Math.max(highestTaken, task.sequence());
    }
    return Taken.QUEUED;
  }

  /**
   * A second copy of a router's delivery this lane already has, queued or done: the dispatcher
   * moved it here twice (it crashed between the spill and its commit). Router deliveries reach
   * the backlog in sequence order, so a first try numbered at or below the highest taken is one.
   * Retries (a webhook made FIFO while some waited in the retry tiers) and replays are not.
   */
  private boolean repeat(DeliveryTask task) {
    return task.runNumber() == 0 && task.attempt() == 1 && task.sequence() != null
        && task.sequence() <= Math.max(lastSequence, highestTaken);
  }

  /** The offset to read again from, when the lane passed records over and now has room. */
  long wantsReread() {
    return skipping && resumeEpoch == 0 && queue.size() <= BUFFER / 2 ? skipFrom : -1;
  }

  void rereadAsked(int epoch) {
    resumeEpoch = epoch;
  }

  /** No commit may pass this offset: the lowest of this endpoint not done. */
  long lowestUnfinished() {
    long low = Long.MAX_VALUE;
    if (inFlight != null && !inFlight.isEmpty()) {
      low = inFlight.get(0).offset(); // left the queue, its outcome not yet recorded
    }
    if (!queue.isEmpty()) {
      low = Math.min(low, queue.peek().offset());
    }
    if (skipping) {
      low = Math.min(low, skipFrom);
    }
    return low;
  }

  /** Up to {@code max} deliveries from the head, within {@code maxBytes} of bodies. */
  List<Held> next(int max, int maxBytes) {
    List<Held> out = new ArrayList<>();
    int bytes = 0;
    for (Held h : queue) {
      int size = h.task().payload().bytes().length;
      if (out.size() == max || (!out.isEmpty() && bytes + size > maxBytes)) {
        break;
      }
      out.add(h);
      bytes += size;
    }
    return out;
  }

  /** The first {@code n} deliveries ended: they leave the queue and count as done. */
  void finished(int n) {
    for (int i = 0; i < n; i++) {
      Held h = queue.poll();
      doneOffset = Math.max(doneOffset, h.offset());
      if (h.task().sequence() != null) {
        lastSequence = Math.max(lastSequence, h.task().sequence());
      }
    }
    nextTryAt = null;
  }

  /** The first {@code n} deliveries failed and are tried again, as {@code next}. */
  void retrying(List<DeliveryTask> next, Instant at) {
    List<Held> rest = new ArrayList<>(queue);
    queue.clear();
    for (int i = 0; i < rest.size(); i++) {
      Held h = rest.get(i);
      queue.add(i < next.size() ? new Held(h.offset(), next.get(i)) : h);
    }
    nextTryAt = at;
  }

  /** The head's schedule starts again (after a resume or re-enabling). */
  void freshSchedule() {
    List<Held> rest = new ArrayList<>(queue);
    queue.clear();
    rest.forEach(h -> queue.add(h.task().tier() == 0 ? h
        : new Held(h.offset(), h.task().atAttempt(h.task().attempt(), 0))));
    nextTryAt = null;
  }

  /** Waiting deliveries as far as read, the head included. */
  long backlog() {
    return Math.max(queue.size(), highestSeen - lastSequence);
  }

  FifoState state(Instant now) {
    Held head = queue.peek();
    DeliveryTask h = head == null ? null : head.task();
    return new FifoState(FifoState.VERSION, id, tenant, partition, doneOffset, lastSequence,
        h == null ? null : h.id(), h == null ? null : h.sequence(), h == null ? 0 : h.attempt(),
        h == null ? 0 : h.tier(), h == null ? null : nextTryAt, backlog(), now);
  }
}
