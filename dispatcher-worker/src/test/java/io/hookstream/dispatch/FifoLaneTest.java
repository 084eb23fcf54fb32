package io.hookstream.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.dispatch.FifoLane.Taken;
import io.hookstream.model.DeliveryId;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.EventId;
import io.hookstream.model.FifoState;
import io.hookstream.model.RawJson;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.TenantId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One FIFO endpoint's lane: what it keeps, passes over, asks to read again, and commits below. */
class FifoLaneTest {
  static final SubscriptionId SUB = SubscriptionId.of("sub_lane");
  static final TenantId ACME = TenantId.of("acme");
  static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

  @Test
  void keepsItsBufferPassesTheRestOverAndAsksToReadAgainFromTheFirstPassed() {
    FifoLane lane = new FifoLane(SUB, ACME, 0, null);
    for (int i = 0; i < FifoLane.BUFFER; i++) {
      assertThat(lane.offer(100 + i, task(i + 1), 0)).isEqualTo(Taken.QUEUED);
    }
    assertThat(lane.offer(300, task(201), 0)).isEqualTo(Taken.PASSED);
    assertThat(lane.offer(301, task(202), 0)).isEqualTo(Taken.PASSED);
    assertThat(lane.lowestUnfinished()).isEqualTo(100);
    assertThat(lane.wantsReread()).isEqualTo(-1); // no room yet

    lane.finished(FifoLane.BUFFER / 2);
    assertThat(lane.lowestUnfinished()).isEqualTo(200);
    assertThat(lane.wantsReread()).isEqualTo(300);
    lane.rereadAsked(1);
    assertThat(lane.wantsReread()).isEqualTo(-1);
    // Records polled before the seek (epoch 0) still pass; the read-again (epoch 1) is taken.
    assertThat(lane.offer(302, task(203), 0)).isEqualTo(Taken.PASSED);
    assertThat(lane.offer(300, task(201), 1)).isEqualTo(Taken.QUEUED);
    assertThat(lane.offer(301, task(202), 1)).isEqualTo(Taken.QUEUED);
    assertThat(lane.offer(302, task(203), 1)).isEqualTo(Taken.QUEUED);
    assertThat(lane.queue).extracting(h -> h.task().sequence()).endsWith(201L, 202L, 203L);
  }

  @Test
  void dropsWhatIsDoneAndARepeatedSpillButSendsAReplayOfAnEarlierSequence() {
    FifoState restored = new FifoState(1, SUB, ACME, 0, 40, 5, null, null, 0, 0, null, 0, T0);
    FifoLane lane = new FifoLane(SUB, ACME, 0, restored);
    assertThat(lane.offer(40, task(5), 0)).isEqualTo(Taken.DUPLICATE); // done before the move
    assertThat(lane.offer(41, task(6), 0)).isEqualTo(Taken.QUEUED);
    assertThat(lane.offer(42, task(4), 0)).isEqualTo(Taken.DUPLICATE); // a spill written twice
    DeliveryTask replay = task(3).replayedAs(2, null, 1_000L);
    assertThat(lane.offer(43, replay, 0)).isEqualTo(Taken.QUEUED);
    assertThat(lane.offer(41, task(6), 0)).isEqualTo(Taken.DUPLICATE); // read again
    assertThat(lane.queue).extracting(h -> h.task().sequence()).containsExactly(6L, 3L);
  }

  @Test
  void aSpillWrittenTwiceIsARepeatEvenWhileTheFirstCopyStillWaits() {
    FifoLane lane = new FifoLane(SUB, ACME, 0, null);
    for (int i = 1; i <= 5; i++) {
      lane.offer(i, task(i), 0);
    }
    // The dispatcher died after moving 3..5 here and before committing: they come again.
    assertThat(lane.offer(6, task(3), 0)).isEqualTo(Taken.DUPLICATE);
    assertThat(lane.offer(7, task(4), 0)).isEqualTo(Taken.DUPLICATE);
    assertThat(lane.offer(8, task(6), 0)).isEqualTo(Taken.QUEUED);
    // A retry that waited in a tier before the webhook became FIFO is not a repeat.
    assertThat(lane.offer(9, task(2).nextAttempt(1), 0)).isEqualTo(Taken.QUEUED);
    assertThat(lane.queue).extracting(h -> h.task().sequence())
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 2L);
  }

  @Test
  void aRestoredHeadResumesItsAttemptAndScheduleOnAnotherOwner() {
    DeliveryTask head = task(7);
    Instant next = T0.plusSeconds(30);
    FifoState restored = new FifoState(1, SUB, ACME, 2, 69, 6, head.id(), 7L, 3, 2, next, 4, T0);
    FifoLane lane = new FifoLane(SUB, ACME, 2, restored);
    lane.offer(70, head, 0);
    assertThat(lane.queue.peek().task().attempt()).isEqualTo(3);
    assertThat(lane.queue.peek().task().tier()).isEqualTo(2);
    assertThat(lane.nextTryAt).isEqualTo(next);

    // After the partition count changed its offsets mean nothing here; its sequences still do.
    FifoLane elsewhere = new FifoLane(SUB, ACME, 1, restored);
    assertThat(elsewhere.offer(10, task(6), 0)).isEqualTo(Taken.DUPLICATE);
    assertThat(elsewhere.offer(11, task(7), 0)).isEqualTo(Taken.QUEUED);
    assertThat(elsewhere.queue.peek().task().attempt()).isEqualTo(1);
  }

  @Test
  void aBatchTakesUpToItsSizeAndTheRequestOutHoldsTheCommit() {
    FifoLane lane = new FifoLane(SUB, ACME, 0, null);
    for (int i = 1; i <= 5; i++) {
      lane.offer(i, task(i), 0);
    }
    List<FifoLane.Held> batch = lane.next(3, Integer.MAX_VALUE);
    assertThat(batch).extracting(FifoLane.Held::offset).containsExactly(1L, 2L, 3L);
    lane.inFlight = batch;
    lane.finished(3);
    assertThat(lane.lowestUnfinished()).isEqualTo(1); // its outcome is not recorded yet
    lane.inFlight = null;
    assertThat(lane.lowestUnfinished()).isEqualTo(4);
    assertThat(lane.lastSequence).isEqualTo(3);
    assertThat(lane.state(T0)).isEqualTo(new FifoState(1, SUB, ACME, 0, 3, 3,
        lane.queue.peek().task().id(), 4L, 1, 0, null, 2, T0));
  }

  static DeliveryTask task(long sequence) {
    EventId event = EventId.of("evt_" + sequence);
    return new DeliveryTask(1, DeliveryId.of(ACME, event, SUB), ACME, SUB, event, "order.created",
        T0, RawJson.ofTrustedBytes(("{\"n\":" + sequence + "}").getBytes()), 1, 0, null, null,
        null, null, null, sequence);
  }
}
