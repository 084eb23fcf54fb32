package io.hookstream.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hookstream.json.Json;
import io.hookstream.model.AttemptOutcome;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.Event;
import io.hookstream.model.EventId;
import io.hookstream.model.RawJson;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.TenantId;
import io.hookstream.model.WebhookBody;
import io.hookstream.outbound.HttpOutcome;
import io.hookstream.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FinalFailureLogTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
  private final FinalFailureLog failures = new FinalFailureLog(clock);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(FinalFailureLog.class);

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
  }

  @Test
  void oneLinePerWebhookAMinuteCountingTheOnesLeftOut() {
    DeliveryTask a = task("sub_a", "evt_1");
    assertThat(failures.failed(a, AttemptOutcome.DEAD_LETTERED,
        HttpOutcome.response(500, "secret body", null, 12))).isTrue();
    assertThat(failures.failed(task("sub_a", "evt_2"), AttemptOutcome.DEAD_LETTERED,
        HttpOutcome.failure("connection failed: refused", 3))).isFalse();
    assertThat(failures.failed(task("sub_b", "evt_3"), AttemptOutcome.GONE,
        HttpOutcome.response(410, "", null, 5))).isTrue();
    clock.advance(Duration.ofSeconds(59));
    assertThat(failures.failed(task("sub_a", "evt_4"), AttemptOutcome.DEAD_LETTERED,
        HttpOutcome.failure("timeout after 5000 ms", 5000))).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(failures.failed(task("sub_a", "evt_5"), AttemptOutcome.DEAD_LETTERED,
        HttpOutcome.failure("connection failed: refused", 3))).isTrue();

    assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
        "delivery failed finally: webhook sub_a of tenant acme, event evt_1 (order.created),"
            + " attempt 4: answered 500 and its retry schedule is used up; parked in"
            + " hookstream.dlq",
        "delivery failed finally: webhook sub_b of tenant acme, event evt_3 (order.created),"
            + " attempt 4: answered 410 Gone, the webhook is disabled; parked in hookstream.dlq",
        "delivery failed finally: webhook sub_a of tenant acme, event evt_5 (order.created),"
            + " attempt 4: connection failed: refused and its retry schedule is used up; parked"
            + " in hookstream.dlq (and 2 more of this webhook in the last minute)");
    assertThat(lines.list).allMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.INFO)
        .noneMatch(e -> e.getFormattedMessage().contains("secret body"));
  }

  private DeliveryTask task(String sub, String event) {
    TenantId acme = TenantId.of("acme");
    Subscription subscription = Subscription.builder(SubscriptionId.of(sub), acme,
        "https://example.com/hook").events(List.of("*")).createdAt(clock.instant())
        .updatedAt(clock.instant()).build();
    Event e = Event.create(EventId.of(event), acme, "order.created", clock.instant(),
        Json.raw(Json.mapper().createObjectNode()), null);
    DeliveryTask first = DeliveryTask.first(e, subscription,
        RawJson.ofTrustedBytes(Json.toBytes(WebhookBody.of(e))));
    return new DeliveryTask(first.v(), first.id(), first.tenant(), first.subscriptionId(),
        first.eventId(), first.eventType(), first.eventTime(), first.payload(), 4, 3,
        subscription, null, null, null, null, null);
  }
}
