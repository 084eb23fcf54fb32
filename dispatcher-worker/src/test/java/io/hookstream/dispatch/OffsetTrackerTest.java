package io.hookstream.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
  @Test
  void commitsOnlyTheContiguousFinishedPrefix() {
    OffsetTracker t = new OffsetTracker();
    assertThat(t.toCommit()).isEmpty();
    for (long o = 10; o <= 14; o++) {
      t.register(o);
    }
    t.finish(11);
    t.finish(12);
    assertThat(t.toCommit()).isEqualTo(OptionalLong.of(10));
    t.committed(10);
    assertThat(t.toCommit()).isEmpty();
    t.finish(10);
    assertThat(t.toCommit()).isEqualTo(OptionalLong.of(13));
    t.finish(14);
    t.finish(13);
    assertThat(t.toCommit()).isEqualTo(OptionalLong.of(15));
    assertThat(t.active()).isZero();
  }

  @Test
  void anAbandonedRecordIsNeverCommittedPast() {
    OffsetTracker t = new OffsetTracker();
    t.register(0);
    t.register(1);
    t.abandon();
    t.finish(1);
    assertThat(t.active()).isZero();
    assertThat(t.toCommit()).isEqualTo(OptionalLong.of(0));
  }
}
