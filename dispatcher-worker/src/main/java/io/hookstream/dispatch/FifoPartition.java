package io.hookstream.dispatch;

import java.util.LinkedHashMap;
import java.util.Map;
import io.hookstream.model.SubscriptionId;

/**
 * One assigned partition of {@code hookstream.fifo-hold}: its lanes, the offset safe to commit,
 * and the read-agains its lanes asked for. Lanes are changed on the lane thread; the poll thread
 * reads {@link #committable} and takes rewinds, hence the volatile fields and the lock.
 *
 * <p>Each seek starts a new <em>epoch</em>; records carry the epoch they were polled in, so a lane
 * waiting to be fed again from its first passed-over record can tell those records from ones
 * polled before the seek.
 */
final class FifoPartition {
  final int partition;
  final Map<SubscriptionId, FifoLane> lanes = new LinkedHashMap<>();
  /** The epoch records are polled in now; written by the poll thread. */
  volatile int epoch;
  /** The offset to commit (-1: nothing yet); written by the lane thread. */
  volatile long committable = -1;
  volatile boolean revoked;
  /** The highest offset the lane thread has handled. */
  long handled = -1;
  private long rewindTo = -1;
  private int requested;

  FifoPartition(int partition) {
    this.partition = partition;
  }

  /** A lane asks to read again from {@code offset}: answers the epoch that read will be in. */
  synchronized int requestRewind(long offset) {
    rewindTo = rewindTo < 0 ? offset : Math.min(rewindTo, offset);
    return ++requested;
  }

  /** The seek to make now, if any: {offset, epoch}. Poll thread. */
  synchronized long[] takeRewind() {
    if (rewindTo < 0) {
      return null;
    }
    long[] out = {rewindTo, requested};
    rewindTo = -1;
    return out;
  }

  /** Recomputes the committable offset: below every lane's unfinished work. Lane thread. */
  void recompute() {
    long low = handled + 1;
    for (FifoLane lane : lanes.values()) {
      low = Math.min(low, lane.lowestUnfinished());
    }
    committable = handled < 0 && lanes.isEmpty() ? -1 : low;
  }
}
