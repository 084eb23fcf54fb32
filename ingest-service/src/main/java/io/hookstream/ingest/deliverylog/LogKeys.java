package io.hookstream.ingest.deliverylog;

import io.hookstream.model.DeliveryId;
import io.hookstream.model.SubscriptionId;
import java.time.Instant;

/**
 * Keys of the delivery log's stores. Entries sort newest first within a subscription
 * ({@code subscription|inverted time|delivery}); the expiry index sorts oldest first
 * ({@code time|entry key}), so retention is a range delete from the start.
 */
public final class LogKeys {
  private LogKeys() {}

  public static String entry(SubscriptionId sub, Instant firstAttempt, DeliveryId delivery) {
    return sub.value() + '|' + String.format("%019d", Long.MAX_VALUE - firstAttempt.toEpochMilli())
        + '|' + delivery.value();
  }

  /**
   * An entry key without its subscription: the order of deliveries across subscriptions, newest
   * first (then by delivery id), as a tenant's log merges them.
   */
  public static String suffix(Instant firstAttempt, DeliveryId delivery) {
    return String.format("%019d", Long.MAX_VALUE - firstAttempt.toEpochMilli()) + '|'
        + delivery.value();
  }

  public static String subscriptionPrefix(SubscriptionId sub) {
    return sub.value() + '|';
  }

  /** The first attempt's time, read back from an entry key. */
  public static Instant timeOf(String entryKey) {
    String[] parts = entryKey.split("\\|");
    return Instant.ofEpochMilli(Long.MAX_VALUE - Long.parseLong(parts[1]));
  }

  /** The first key of entries whose first attempt is at or before {@code until} (newest end). */
  public static String notAfter(SubscriptionId sub, Instant until) {
    return sub.value() + '|' + String.format("%019d", Long.MAX_VALUE - until.toEpochMilli());
  }

  /** The last key of entries whose first attempt is at or after {@code since} (oldest end). */
  public static String notBefore(SubscriptionId sub, Instant since) {
    return sub.value() + '|' + String.format("%019d", Long.MAX_VALUE - since.toEpochMilli())
        + "|\uffff";
  }

  public static String expiry(Instant firstAttempt, String entryKey) {
    return String.format("%019d", firstAttempt.toEpochMilli()) + '|' + entryKey;
  }

  /** Expiry keys below this one are older than {@code cutoff}. */
  public static String expiryBefore(Instant cutoff) {
    return String.format("%019d", cutoff.toEpochMilli());
  }

  public static String entryOfExpiry(String expiryKey) {
    return expiryKey.substring(expiryKey.indexOf('|') + 1);
  }
}
