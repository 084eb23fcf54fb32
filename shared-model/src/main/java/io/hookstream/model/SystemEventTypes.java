package io.hookstream.model;

import java.util.Map;

/** Event types Hookstream itself publishes; they are in every catalog, so tenants can subscribe. */
public final class SystemEventTypes {
  /** An endpoint switched itself off after failing; data names the subscription and the reason. */
  public static final String ENDPOINT_DISABLED = "hookstream.endpoint.disabled";
  /** Sent by the test endpoints when no type is given. */
  public static final String TEST = "hookstream.test";

  public static final Map<String, String> ALL = Map.of(
      ENDPOINT_DISABLED, "A webhook endpoint was disabled after repeated failures",
      TEST, "A test event sent on request");

  private SystemEventTypes() {}
}
