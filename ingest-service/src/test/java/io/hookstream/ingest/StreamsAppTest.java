package io.hookstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class StreamsAppTest {
  @Test
  void aRebalanceAfterTheFirstStartKeepsTheInstanceServing() {
    // Found by ClusterIT: a second ingest instance joining made the first answer 503 to every
    // API call (and fail its readiness probe) for the length of the rebalance.
    assertThat(StreamsApp.serving(State.REBALANCING, true)).isTrue();
    assertThat(StreamsApp.serving(State.RUNNING, true)).isTrue();
  }

  @Test
  void itServesOnlyOnceItHasRunAndNotWhileStopping() {
    assertThat(StreamsApp.serving(State.CREATED, false)).isFalse();
    assertThat(StreamsApp.serving(State.REBALANCING, false)).isFalse();
    assertThat(StreamsApp.serving(State.RUNNING, false)).isTrue();
    for (State stopped : new State[] {State.PENDING_SHUTDOWN, State.NOT_RUNNING,
        State.PENDING_ERROR, State.ERROR}) {
      assertThat(StreamsApp.serving(stopped, true)).as(stopped.name()).isFalse();
    }
  }
}
