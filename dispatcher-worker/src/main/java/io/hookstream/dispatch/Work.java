package io.hookstream.dispatch;

import io.hookstream.model.DeliveryTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One polled delivery on its way through the pipeline, tied to the offset it must finish.
 * {@code routedAt} is when its record was written (the router's or the scheduler's time).
 */
final class Work {
  final DeliveryTask task;
  final java.time.Instant routedAt;
  private final OffsetTracker tracker;
  private final long offset;
  private final Runnable released;
  private final AtomicBoolean done = new AtomicBoolean();

  Work(DeliveryTask task, java.time.Instant routedAt, OffsetTracker tracker, long offset,
      Runnable released) {
    this.task = task;
    this.routedAt = routedAt;
    this.tracker = tracker;
    this.offset = offset;
    this.released = released;
  }

  /** The outcome is recorded and handed on: the offset may be committed. */
  void finish() {
    if (done.compareAndSet(false, true)) {
      tracker.finish(offset);
      released.run();
    }
  }

  /**
   * Dropped without an outcome (its partition moved to another consumer, or the worker stops):
   * the offset stays unfinished, so no commit passes it and the next owner delivers it.
   */
  void abandon() {
    if (done.compareAndSet(false, true)) {
      tracker.abandon();
      released.run();
    }
  }

  boolean revoked() {
    return tracker.revoked();
  }
}
