package io.hookstream.ingest.routing;

import static io.hookstream.ingest.routing.EventTypePatterns.isValid;
import static io.hookstream.ingest.routing.EventTypePatterns.matches;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventTypePatternsTest {
  @Test
  void exactNamesMatchOnlyThemselves() {
    assertThat(matches("order.created", "order.created")).isTrue();
    assertThat(matches("order.created", "order.updated")).isFalse();
    assertThat(matches("order", "order.created")).isFalse();
  }

  @Test
  void starAloneMatchesEverything() {
    assertThat(matches("*", "order.created")).isTrue();
    assertThat(matches("*", "x")).isTrue();
    // Operational events only where they are asked for by name.
    assertThat(matches("*", "hookstream.delivery.exhausted")).isFalse();
    assertThat(matches("*.exhausted", "hookstream.delivery.exhausted")).isFalse();
    assertThat(matches("hookstream.*", "hookstream.delivery.exhausted")).isTrue();
    assertThat(matches("hookstream.endpoint.*", "hookstream.endpoint.failing")).isTrue();
    assertThat(matches("hookstream.endpoint.disabled", "hookstream.endpoint.disabled")).isTrue();
  }

  @Test
  void trailingStarMatchesOneOrMoreSegments() {
    assertThat(matches("order.*", "order.created")).isTrue();
    assertThat(matches("order.*", "order.item.added")).isTrue();
    assertThat(matches("order.*", "order")).isFalse();
    assertThat(matches("order.*", "orders.created")).isFalse();
  }

  @Test
  void innerStarMatchesExactlyOneSegment() {
    assertThat(matches("*.created", "order.created")).isTrue();
    assertThat(matches("*.created", "order.item.created")).isFalse();
    assertThat(matches("order.*.added", "order.item.added")).isTrue();
    assertThat(matches("order.*.added", "order.item.removed")).isFalse();
  }

  @Test
  void anyOfSeveralPatterns() {
    assertThat(EventTypePatterns.matchesAny(List.of("invoice.paid", "order.*"), "order.created")).isTrue();
    assertThat(EventTypePatterns.matchesAny(List.of("invoice.paid"), "order.created")).isFalse();
    assertThat(EventTypePatterns.matchesAny(List.of(), "order.created")).isFalse();
  }

  @Test
  void validity() {
    assertThat(isValid("order.created")).isTrue();
    assertThat(isValid("order.*")).isTrue();
    assertThat(isValid("*")).isTrue();
    assertThat(isValid("order.cre*")).isFalse();
    assertThat(isValid("order..created")).isFalse();
    assertThat(isValid("")).isFalse();
    assertThat(isValid("order created")).isFalse();
  }
}
