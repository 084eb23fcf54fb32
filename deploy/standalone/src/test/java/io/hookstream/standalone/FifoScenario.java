package io.hookstream.standalone;

import static io.hookstream.standalone.ProcessTests.ADMIN;
import static io.hookstream.testkit.ScriptedReceiver.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.ScriptedReceiver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;

/**
 * A FIFO webhook from outside, around a crash (run by {@link SequenceTest}, which owns the
 * {@code kill -9}), as a receiver that checks {@code webhook-sequence} sees it: its head fails
 * until the endpoint halts, nothing overtakes it, a resume sends 1..N in order; the crash comes in
 * the middle of the backlog and loses nothing and reorders nothing; a replay re-sends the window
 * in its original order.
 */
final class FifoScenario {
  static final String PATH = "/fifo";
  private final ScriptedReceiver receiver;
  private final Instant start = Instant.now().minusSeconds(5);
  private String hook;

  FifoScenario(ScriptedReceiver receiver) {
    this.receiver = receiver;
  }

  /** Halt, resume, then a slow backlog: answers once the crash may come in its middle. */
  void beforeCrash(ApiClient api) {
    assertThat(api.post("/v1/tenants", ADMIN, "{\"id\":\"fifo\"}").status()).isEqualTo(201);
    refusesOrderingFieldsThatDoNotFit(api, receiver);
    ApiClient.Answer made = api.post("/v1/tenants/fifo/webhooks", ADMIN, "{\"url\":\""
        + receiver.url(PATH) + "\",\"events\":[\"order.*\"],\"ordering\":\"fifo\","
        + "\"onExhausted\":\"halt\",\"retrySchedule\":[\"1s\",\"1s\"]}");
    assertThat(made.status()).as(made.raw()).isEqualTo(201);
    assertThat(made.text("ordering")).isEqualTo("fifo");
    assertThat(made.text("onExhausted")).isEqualTo("halt");
    hook = "/v1/tenants/fifo/webhooks/" + made.text("id");

    // The head fails three times: the endpoint halts, its backlog waits behind it.
    receiver.script(PATH, status(500), status(500), status(500));
    ProcessTests.publish(api, "fifo", 10);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
        api.get(hook, ADMIN).body().path("orderingState").path("backlog").asLong() == 10
            && api.get(hook, ADMIN).body().path("orderingState").path("halted").asBoolean());
    JsonNode state = api.get(hook, ADMIN).body().path("orderingState");
    assertThat(state.path("headSequence").asLong()).isEqualTo(1);
    assertThat(state.path("lastSequence").asLong()).isZero();
    assertThat(state.path("haltedReason").asText()).contains("HTTP 500");
    Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
        .until(() -> receiver.requests(PATH).size() == 3);

    ApiClient.Answer resumed = api.post(hook + "/resume", ADMIN, "");
    assertThat(resumed.status()).as(resumed.raw()).isEqualTo(200);
    assertThat(resumed.body().path("orderingState").path("halted").asBoolean()).isFalse();
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
        receiver.requests(PATH).size() == 13);
    assertThat(sequences(receiver)).isEqualTo(concat(List.of(1L, 1L, 1L), range(1, 10)));

    // A slow receiver builds a backlog; the crash comes in the middle of it.
    receiver.otherwise(PATH, r -> status(200).setBodyDelay(50, TimeUnit.MILLISECONDS));
    ProcessTests.publish(api, "fifo", 40);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
        receiver.requests(PATH).size() >= 25);
  }

  /** Everything arrives in order, at most the request out at the crash twice; then a replay. */
  void afterRestart(ApiClient api) {
    Awaitility.await().atMost(Duration.ofSeconds(120)).until(() ->
        delivered(receiver).contains(50L));
    List<Long> seen = delivered(receiver);
    // At most the request out at the crash is repeated, right after itself.
    assertThat(withoutRepeats(seen)).isEqualTo(range(1, 50));
    assertThat(seen.size()).isLessThanOrEqualTo(51);

    int before = receiver.requests(PATH).size();
    ApiClient.Answer replay = api.post(hook + "/replay", ADMIN,
        "{\"since\":\"" + start + "\",\"status\":\"all\"}");
    assertThat(replay.status()).as(replay.raw()).isEqualTo(202);
    assertThat(replay.body().path("queued").asInt()).isEqualTo(50);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
        receiver.requests(PATH).size() == before + 50);
    List<Long> replayed = sequences(receiver).subList(before, before + 50);
    assertThat(replayed).isEqualTo(range(1, 50));
    assertThat(api.get(hook, ADMIN).body().path("orderingState").path("halted").asBoolean())
        .isFalse();
  }

  private static void refusesOrderingFieldsThatDoNotFit(ApiClient api, ScriptedReceiver receiver) {
    String base = "{\"url\":\"" + receiver.url("/x") + "\",\"events\":[\"order.*\"],";
    ApiClient.Answer batchAlone = api.post("/v1/tenants/fifo/webhooks", ADMIN,
        base + "\"batch\":{\"maxEvents\":10}}");
    assertThat(batchAlone.status()).isEqualTo(400);
    assertThat(batchAlone.error("field")).isEqualTo("batch");
    ApiClient.Answer tooMany = api.post("/v1/tenants/fifo/webhooks", ADMIN,
        base + "\"ordering\":\"fifo\",\"batch\":{\"maxEvents\":101}}");
    assertThat(tooMany.status()).isEqualTo(400);
    ApiClient.Answer parallel = api.post("/v1/tenants/fifo/webhooks", ADMIN,
        base + "\"ordering\":\"fifo\",\"maxInFlight\":4}");
    assertThat(parallel.status()).isEqualTo(400);
    assertThat(parallel.error("field")).isEqualTo("maxInFlight");
    ApiClient.Answer unknown = api.post("/v1/tenants/fifo/webhooks", ADMIN,
        base + "\"ordering\":\"sorted\"}");
    assertThat(unknown.status()).isEqualTo(400);
    ApiClient.Answer plain = api.post("/v1/tenants/fifo/webhooks", ADMIN,
        base + "\"name\":\"plain\"}");
    assertThat(plain.status()).isEqualTo(201);
    String plainHook = "/v1/tenants/fifo/webhooks/" + plain.text("id");
    ApiClient.Answer resume = api.post(plainHook + "/resume", ADMIN, "");
    assertThat(resume.status()).isEqualTo(409);
    assertThat(resume.error("code")).isEqualTo("not_fifo");
    assertThat(plain.body().has("orderingState")).isFalse();
    assertThat(api.delete(plainHook, ADMIN).status()).isEqualTo(204);
    assertThat(api.get("/v1/tenants/fifo/webhooks", ADMIN).body().path("data").size()).isZero();
  }

  static List<Long> sequences(ScriptedReceiver receiver) {
    return receiver.requests(PATH).stream()
        .map(r -> Long.parseLong(r.getHeader("webhook-sequence"))).toList();
  }

  /** The sequences of the requests after the three failures (all answered 200). */
  static List<Long> delivered(ScriptedReceiver receiver) {
    List<Long> all = sequences(receiver);
    return all.subList(Math.min(3, all.size()), all.size());
  }

  static List<Long> withoutRepeats(List<Long> seen) {
    List<Long> out = new ArrayList<>();
    for (Long s : seen) {
      if (out.isEmpty() || !out.get(out.size() - 1).equals(s)) {
        out.add(s);
      }
    }
    return out;
  }

  static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  static List<Long> concat(List<Long> a, List<Long> b) {
    List<Long> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
