package io.hookstream.ingest.portal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a portal session may do besides viewing; {@link #VIEW} is always granted. */
public enum Capability {
  VIEW,
  MANAGE_ENDPOINTS,
  VIEW_SECRETS,
  SEND_TESTS,
  REPLAY;

  /** The name on the wire: {@code manage-endpoints}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<Capability> parse(String wire) {
    return Arrays.stream(values()).filter(c -> c.wireName().equals(wire)).findFirst();
  }
}
