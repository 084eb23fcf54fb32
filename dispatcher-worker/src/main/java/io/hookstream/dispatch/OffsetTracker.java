package io.hookstream.dispatch;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The offsets of one partition that were handed to the pipeline and are not finished. A record
 * finishes when its outcome is recorded and, on failure, handed on; records finish in any order.
 * The committable offset is the lowest unfinished one, so a commit never passes unfinished work.
 */
final class OffsetTracker {
  private final ConcurrentSkipListSet<Long> pending = new ConcurrentSkipListSet<>();
  private final AtomicInteger active = new AtomicInteger();
  private volatile long nextOffset = -1;
  private volatile boolean revoked;
  private long committed = -1;

  /** Called by the poll thread, in offset order, before the record enters the pipeline. */
  void register(long offset) {
    pending.add(offset);
    active.incrementAndGet();
    nextOffset = offset + 1;
  }

  void finish(long offset) {
    pending.remove(offset);
    active.decrementAndGet();
  }

  /** Dropped unsent: no longer worked on, but still unfinished, so never committed past. */
  void abandon() {
    active.decrementAndGet();
  }

  /** Deliveries of this partition still being worked on (waiting, sending or recording). */
  int active() {
    return active.get();
  }

  /** The offset to commit if it moved since the last commit. Poll thread only. */
  OptionalLong toCommit() {
    Long lowest = pending.ceiling(Long.MIN_VALUE);
    long next = lowest != null ? lowest : nextOffset;
    if (next < 0 || next <= committed) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(next);
  }

  void committed(long offset) {
    committed = Math.max(committed, offset);
  }

  /** After revocation, work of this partition belongs to another consumer. */
  void revoke() {
    revoked = true;
  }

  boolean revoked() {
    return revoked;
  }
}
