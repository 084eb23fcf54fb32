package io.hookstream.ingest.routing;

import io.hookstream.model.SystemEventTypes;
import java.util.List;

/**
 * Which event types a subscription's {@code events} entries select. An entry is an exact type name
 * ({@code order.created}), {@code *} (every type), or a dotted pattern whose {@code *} segments
 * match one segment each, except a trailing {@code *}, which matches one or more segments:
 * {@code order.*} selects {@code order.created} and {@code order.item.added}, {@code *.created}
 * selects {@code order.created} but not {@code order.item.created}. Hookstream's own types
 * ({@code hookstream.*}) are selected only by entries that begin with {@code hookstream.}. Pure
 * functions.
 */
public final class EventTypePatterns {
  public static final String WILDCARD = "*";

  private EventTypePatterns() {}

  public static boolean matchesAny(List<String> patterns, String type) {
    for (String pattern : patterns) {
      if (matches(pattern, type)) {
        return true;
      }
    }
    return false;
  }

  public static boolean matches(String pattern, String type) {
    if (SystemEventTypes.reserved(type) && !pattern.startsWith(SystemEventTypes.PREFIX)) {
      // Hookstream's own operational events go only to webhooks that name them (an exact type or
      // hookstream.*): a catch-all * keeps receiving the tenant's events and nothing else.
      return false;
    }
    if (pattern.equals(WILDCARD) || pattern.equals(type)) {
      return true;
    }
    if (!pattern.contains(WILDCARD)) {
      return false;
    }
    String[] p = pattern.split("\\.", -1);
    String[] t = type.split("\\.", -1);
    for (int i = 0; i < p.length; i++) {
      boolean last = i == p.length - 1;
      if (last && p[i].equals(WILDCARD)) {
        return t.length > i;
      }
      if (i >= t.length || !(p[i].equals(WILDCARD) || p[i].equals(t[i]))) {
        return false;
      }
    }
    return p.length == t.length;
  }

  /**
   * True when {@code pattern} is a type name or a pattern: dot-separated segments, each either
   * {@code *} or letters, digits, '-' and '_'.
   */
  public static boolean isValid(String pattern) {
    if (pattern == null || pattern.isEmpty() || pattern.length() > 128) {
      return false;
    }
    for (String segment : pattern.split("\\.", -1)) {
      if (!segment.equals(WILDCARD) && !segment.matches("[A-Za-z0-9_-]+")) {
        return false;
      }
    }
    return true;
  }
}
