package io.hookstream.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.model.SubscriptionId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointGateTest {
  final List<Work> started = new ArrayList<>();
  final EndpointGate gate = new EndpointGate(2, started::add);
  final SubscriptionId slow = SubscriptionId.of("sub_slow");
  final SubscriptionId fast = SubscriptionId.of("sub_fast");

  @Test
  void aFullEndpointQueuesThenOverflowsWithoutTouchingOthers() {
    assertThat(gate.admit(slow, 1, work())).isEqualTo(EndpointGate.Admission.STARTED);
    assertThat(gate.admit(slow, 1, work())).isEqualTo(EndpointGate.Admission.QUEUED);
    assertThat(gate.admit(slow, 1, work())).isEqualTo(EndpointGate.Admission.QUEUED);
    assertThat(gate.admit(slow, 1, work())).isEqualTo(EndpointGate.Admission.FULL);
    assertThat(gate.admit(fast, 1, work())).isEqualTo(EndpointGate.Admission.STARTED);
    assertThat(started).hasSize(2);
    assertThat(gate.inFlight()).isEqualTo(2);
  }

  @Test
  void releasingASlotStartsTheNextWaitingDelivery() {
    Work first = work();
    Work second = work();
    gate.admit(slow, 1, first);
    gate.admit(slow, 1, second);
    assertThat(started).containsExactly(first);
    gate.release(slow, 1);
    assertThat(started).containsExactly(first, second);
    gate.release(slow, 1);
    assertThat(gate.inFlight()).isZero();
    assertThat(gate.admit(slow, 1, work())).isEqualTo(EndpointGate.Admission.STARTED);
  }

  @Test
  void aShrunkLimitStartsNothingUntilInFlightIsBelowItAndAGrownOneStartsMore() {
    Work[] w = {work(), work(), work(), work(), work()};
    for (Work x : w) {
      gate.admit(slow, 2, x);
    }
    assertThat(started).containsExactly(w[0], w[1]);
    gate.release(slow, 1); // shrunk to 1: one still in flight, nothing starts
    assertThat(started).containsExactly(w[0], w[1]);
    gate.release(slow, 3); // grown to 3: two start
    assertThat(started).containsExactly(w[0], w[1], w[2], w[3]);
  }

  @Test
  void aLongLineThatEndsAtOnceDoesNotNestCalls() {
    Work holder = work();
    List<Work> ran = new ArrayList<>();
    int[] depth = {0};
    int[] maxDepth = {0};
    EndpointGate[] gate2 = new EndpointGate[1];
    gate2[0] = new EndpointGate(5_000, x -> {
      depth[0]++;
      maxDepth[0] = Math.max(maxDepth[0], depth[0]);
      ran.add(x);
      if (x != holder) {
        gate2[0].release(slow, 1); // ends at once, as an expired delivery does
      }
      depth[0]--;
    });
    gate2[0].admit(slow, 1, holder);
    for (int i = 0; i < 4_000; i++) {
      assertThat(gate2[0].admit(slow, 1, work())).isEqualTo(EndpointGate.Admission.QUEUED);
    }
    gate2[0].release(slow, 1);
    assertThat(ran).hasSize(4_001);
    assertThat(maxDepth[0]).isEqualTo(1);
    assertThat(gate2[0].inFlight()).isZero();
  }

  @Test
  void purgeRemovesOnlyWaitingWork() {
    Work running = work();
    Work waiting = work();
    gate.admit(slow, 1, running);
    gate.admit(slow, 1, waiting);
    assertThat(gate.purge(w -> true)).containsExactly(waiting);
    gate.release(slow, 1);
    assertThat(started).containsExactly(running);
  }

  static Work work() {
    return new Work(null, java.time.Instant.EPOCH, new OffsetTracker(), 0, () -> { });
  }
}
