package io.hookstream.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.model.DeliveryId;
import io.hookstream.model.DeliveryTask;
import io.hookstream.model.EventId;
import io.hookstream.model.Ordering;
import io.hookstream.model.RawJson;
import io.hookstream.model.SigningSecret;
import io.hookstream.model.Subscription;
import io.hookstream.model.SubscriptionId;
import io.hookstream.model.TenantId;
import io.hookstream.signing.SecretBox;
import io.hookstream.targets.TargetPolicy;
import io.hookstream.templates.Templates;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** A FIFO batch's exact request: the array, its headers, one signature over the array. */
class OutboundBatchTest {
  static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  static final TenantId ACME = TenantId.of("acme");
  static final SubscriptionId SUB = SubscriptionId.of("sub_batch");
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final SecretBox BOX =
      SecretBox.fromBase64("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");

  final Outbound outbound = new Outbound(new HttpSender(new OkHttpClient(),
      Clock.fixed(NOW, ZoneOffset.UTC)), new TargetPolicy(false), BOX, new Directory() {
        @Override
        public Optional<io.hookstream.model.EventType> eventType(String name) {
          return Optional.empty();
        }

        @Override
        public Optional<io.hookstream.model.Tenant> tenant(TenantId id) {
          return Optional.empty();
        }
      }, new Templates(10), Runnable::run, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void aBatchIsAJsonArrayOfTheBodiesSignedOnceAsTheFirstEvent() throws Exception {
    Subscription sub = sub(null);
    Prepared p = outbound.prepareBatch(List.of(task(7), task(8), task(9)), sub, NOW);

    String body = new String(p.body(), StandardCharsets.UTF_8);
    assertThat(body).isEqualTo("[{\"id\":\"evt_7\",\"data\":{\"n\":7}},"
        + "{\"id\":\"evt_8\",\"data\":{\"n\":8}},{\"id\":\"evt_9\",\"data\":{\"n\":9}}]");
    assertThat(p.headers()).containsEntry("webhook-id", "evt_7")
        .containsEntry("webhook-timestamp", "1796040000")
        .containsEntry("webhook-sequence", "7")
        .containsEntry("webhook-batch", "count=3;first=7;last=9")
        .containsEntry("webhook-signature", "v1," + hmac("evt_7.1796040000." + body));
    assertThat(p.rendered()).isNull();
  }

  @Test
  void eachBodyInABatchIsRenderedAsItWouldBeAlone() {
    Subscription sub = sub("{\"order\": event.data.n, \"seq\": delivery.sequence}");
    Prepared p = outbound.prepareBatch(List.of(task(1), task(2)), sub, NOW);
    assertThat(new String(p.body(), StandardCharsets.UTF_8))
        .isEqualTo("[{\"order\":1,\"seq\":1},{\"order\":2,\"seq\":2}]");
    assertThat(p.headers()).containsEntry("webhook-batch", "count=2;first=1;last=2");
  }

  static Subscription sub(String template) {
    Subscription plain = Subscription.builder(SUB, ACME, "https://example.com/hooks")
        .events(List.of("*")).ordering(Ordering.FIFO).template(template).build();
    return plain.toBuilder().secrets(List.of(new SigningSecret(BOX.seal(SECRET,
        plain.topicKey()), NOW, null))).build();
  }

  static DeliveryTask task(long n) {
    EventId event = EventId.of("evt_" + n);
    return new DeliveryTask(1, DeliveryId.of(ACME, event, SUB), ACME, SUB, event,
        "order.created", NOW, RawJson.ofTrustedBytes(("{\"id\":\"evt_" + n + "\",\"data\":{\"n\":" + n
            + "}}").getBytes()), 1, 0,
        null, null, null, null, null, n);
  }

  static String hmac(String content) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
    return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
  }
}
