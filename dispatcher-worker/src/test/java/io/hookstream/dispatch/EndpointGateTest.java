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
    gate.release(slow);
    assertThat(started).containsExactly(first, second);
    gate.release(slow);
    assertThat(gate.inFlight()).isZero();
    assertThat(gate.admit(slow, 1, work())).isEqualTo(EndpointGate.Admission.STARTED);
  }

  @Test
  void purgeRemovesOnlyWaitingWork() {
    Work running = work();
    Work waiting = work();
    gate.admit(slow, 1, running);
    gate.admit(slow, 1, waiting);
    assertThat(gate.purge(w -> true)).containsExactly(waiting);
    gate.release(slow);
    assertThat(started).containsExactly(running);
  }

  static Work work() {
    return new Work(null, new OffsetTracker(), 0, () -> { });
  }
}
