package io.hookstream.model;

import java.util.List;

/**
 * Event types Hookstream itself publishes; they are in every catalog, with a title and an example
 * of their data, so tenants can subscribe and templates can be tried on them.
 */
public final class SystemEventTypes {
  /** An endpoint switched itself off after failing; data names the subscription and the reason. */
  public static final String ENDPOINT_DISABLED = "hookstream.endpoint.disabled";
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
