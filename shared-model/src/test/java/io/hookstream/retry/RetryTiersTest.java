package io.hookstream.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryTiersTest {
  static final long T0 = 1_700_000_000_000L;

  /** Every hop of a wait from T0, as (tier, release time). */
  static List<String> hops(Duration wait) {
    List<String> out = new ArrayList<>();
    long due = T0 + wait.toMillis();
    long at = T0;
    for (RetryTiers.Hop hop = RetryTiers.next(at, due); hop != null; hop = RetryTiers.next(at, due)) {
      at = hop.releaseAtMs();
      out.add(io.hookstream.config.Durations.format(hop.tier()) + "@+" + (at - T0));
    }
    return out;
  }

  @Test
  void theFixedTiersCoverTheDefaultScheduleInOneHopEach() {
    for (Duration d : RetrySchedule.DEFAULT.delays()) {
      assertThat(RetryTiers.DELAYS).contains(d);
      assertThat(RetryTiers.hops(d)).isEqualTo(1);
    }
    assertThat(RetryTiers.DELAYS).isSorted();
  }

  @Test
  void aWaitHopsThroughTheLargestTierThatDoesNotOvershoot() {
    assertThat(hops(Duration.ofSeconds(3))).containsExactly("1s@+1000", "1s@+2000", "1s@+3000");
    assertThat(hops(Duration.ofSeconds(90))).containsExactly("1m@+60000", "30s@+90000");
    assertThat(hops(Duration.ofHours(3))).containsExactly("2h@+7200000", "1h@+10800000");
    assertThat(hops(Duration.ofDays(7))).hasSize(7).allMatch(h -> h.startsWith("1d@"))
        .last().isEqualTo("1d@+604800000");
    assertThat(hops(Duration.ofMinutes(7))).containsExactly("5m@+300000", "1m@+360000",
        "1m@+420000");
  }

  @Test
  void aRemainderBelowTheSmallestTierIsBackDatedToReleaseExactlyWhenDue() {
    assertThat(hops(Duration.ofMillis(1500))).containsExactly("1s@+1000", "1s@+1500");
    RetryTiers.Hop hop = RetryTiers.next(T0, T0 + 300);
    assertThat(hop.tier()).isEqualTo(Duration.ofSeconds(1));
    assertThat(hop.timestampMs()).isEqualTo(T0 + 300 - 1000);
    assertThat(hop.releaseAtMs()).isEqualTo(T0 + 300);
  }

  @Test
  void dueOrOverdueMeansSendNow() {
    assertThat(RetryTiers.next(T0, T0)).isNull();
    assertThat(RetryTiers.next(T0, T0 - 5_000)).isNull();
  }

  @Test
  void neverReleasesEarlyAndAddsNoDriftForAnyWait() {
    for (long ms = 1; ms <= 3 * 86_400_000L; ms = ms * 3 + 7) {
      List<String> h = hops(Duration.ofMillis(ms));
      assertThat(h.get(h.size() - 1)).endsWith("@+" + ms);
      assertThat(h.size()).isLessThanOrEqualTo(40);
    }
  }
}
