package io.hookstream.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.outbound.HttpClients;
import io.hookstream.outbound.HttpSender;
import io.hookstream.outbound.Superseded;
import io.hookstream.targets.TargetPolicy;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * The last check before a request is written: a webhook changed while its request waited for a
 * thread or a connection gets nothing, and the send fails as superseded (not an attempt).
 */
class SupersededSendTest {
  @Test
  void aRequestWhoseWebhookChangedBeforeItWasWrittenIsNotSent() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setResponseCode(200));
      server.start();
      HttpSender sender = new HttpSender(HttpClients.create(4, new TargetPolicy(true)),
          Clock.systemUTC());
      AtomicBoolean current = new AtomicBoolean(false);
      Request request = new Request.Builder().url(server.url("/hook"))
          .post(RequestBody.create("{}", MediaType.get("application/json")))
          .tag(Superseded.Recheck.class, new Superseded.Recheck(current::get)).build();

      assertThatThrownBy(() -> sender.send(request, 5_000, true).get(10, TimeUnit.SECONDS))
          .satisfies(e -> assertThat(Superseded.is(e.getCause())).isTrue());
      assertThat(server.getRequestCount()).isZero();

      current.set(true);
      assertThat(sender.send(request, 5_000, true).get(10, TimeUnit.SECONDS).status())
          .isEqualTo(200);
      assertThat(server.takeRequest(5, TimeUnit.SECONDS).getPath()).isEqualTo("/hook");
    }
  }
}
