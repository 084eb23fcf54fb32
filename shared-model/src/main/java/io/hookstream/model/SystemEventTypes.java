package io.hookstream.model;

import java.util.List;

/**
 * Event types Hookstream itself publishes; they are in every catalog, with a title and an example
 * of their data, so tenants can subscribe and templates can be tried on them.
 */
public final class SystemEventTypes {
  /** An endpoint switched itself off after failing; data names the subscription and the reason. */
  public static final String ENDPOINT_DISABLED = "hookstream.endpoint.disabled";
  /** A disabled endpoint was enabled again (by hand, or by a resume). */
  public static final String ENDPOINT_ENABLED = "hookstream.endpoint.enabled";
  /** A delivery was dead-lettered: its retries are used up, or the endpoint answered 410. */
  public static final String DELIVERY_EXHAUSTED = "hookstream.delivery.exhausted";
  /** An endpoint failed {@link #FAILING_AFTER} attempts in a row: once per failing streak. */
  public static final String ENDPOINT_FAILING = "hookstream.endpoint.failing";
  /** The first success after a streak that was reported failing. */
  public static final String ENDPOINT_RECOVERED = "hookstream.endpoint.recovered";
  /** Consecutive failed attempts after which an endpoint is reported failing. */
  public static final int FAILING_AFTER = 3;
  /** Sent by the test endpoints when no type is given. */
  public static final String TEST = "hookstream.test";

  /** One system type as the catalog lists it; {@code example} is the JSON of its data. */
  public record Entry(String name, String title, String description, String example) {}

  public static final List<Entry> ALL = List.of(
      new Entry(ENDPOINT_DISABLED, "Endpoint disabled",
          "A webhook endpoint was disabled after repeated failures",
          "{\"subscriptionId\":\"sub_01m82hxa0hfmfkt2cd2tg48akp\",\"reason\":\"auto-disabled after"
              + " 5 consecutive failed deliveries\",\"disabledAt\":\"2026-11-22T21:17:04.913Z\","
              + "\"failingSince\":\"2026-11-22T20:02:11.204Z\",\"consecutiveFailedDeliveries\":5,"
              + "\"consecutiveFailedAttempts\":35}"),
      new Entry(ENDPOINT_ENABLED, "Endpoint enabled",
          "A disabled webhook endpoint was enabled again; its deliveries resume",
          "{\"subscriptionId\":\"sub_01m82hxa0hfmfkt2cd2tg48akp\",\"url\":\"https://example.com"
              + "/hooks\",\"enabledAt\":\"2026-11-22T22:05:41.118Z\",\"version\":7}"),
      new Entry(DELIVERY_EXHAUSTED, "Delivery exhausted",
          "A delivery will not be retried on its own: its retry schedule is used up, or the"
              + " endpoint answered 410 Gone. It waits in the dead letters for a replay",
          "{\"subscriptionId\":\"sub_01m82hxa0hfmfkt2cd2tg48akp\",\"deliveryId\":"
              + "\"dlv_3nv2c8ak1qgxm0s9d4w5r7ty6e\",\"eventId\":\"evt_01m82j0a6k2w9r3t5y7u8i9o0p\","
              + "\"eventType\":\"order.created\",\"reason\":\"dead_lettered\",\"attempts\":7,"
              + "\"lastStatus\":503,\"lastError\":null,\"at\":\"2026-11-22T21:17:04.913Z\"}"),
      new Entry(ENDPOINT_FAILING, "Endpoint failing",
          "A webhook endpoint failed " + FAILING_AFTER + " attempts in a row; sent once per"
              + " failing streak",
          "{\"subscriptionId\":\"sub_01m82hxa0hfmfkt2cd2tg48akp\",\"failingSince\":"
              + "\"2026-11-22T20:02:11.204Z\",\"consecutiveFailedAttempts\":3,"
              + "\"lastStatus\":500,\"lastError\":null,\"at\":\"2026-11-22T20:02:41.530Z\"}"),
      new Entry(ENDPOINT_RECOVERED, "Endpoint recovered",
          "The first successful attempt after a streak that was reported failing",
          "{\"subscriptionId\":\"sub_01m82hxa0hfmfkt2cd2tg48akp\",\"failingSince\":"
              + "\"2026-11-22T20:02:11.204Z\",\"recoveredAt\":\"2026-11-22T20:31:09.002Z\","
              + "\"failedAttempts\":9}"),
      new Entry(TEST, "Test event", "A test event sent on request",
          "{\"test\":true,\"message\":\"A test event from Hookstream\"}"));

  /** The prefix of every type Hookstream publishes itself; no one else may publish them. */
  public static final String PREFIX = "hookstream.";

  private SystemEventTypes() {}

  /** Whether {@code type} is Hookstream's own, which tenants and producers may not publish. */
  public static boolean reserved(String type) {
    return type != null && type.startsWith(PREFIX);
  }
}
