package io.hookstream.ingest.api;

import io.javalin.http.Context;

/**
 * Optimistic concurrency for changes: every read of a tenant, event type or webhook answers its
 * version as an {@code ETag}; a change sent with {@code If-Match} applies only while the entity is
 * still at that version (else 412, read it again and retry). Without it, a change applies to the
 * current state, field by field, so concurrent changes of different fields all take effect.
 */
public final class Preconditions {
  public static final String IF_MATCH = "If-Match";

  private Preconditions() {}

  /** The version named by {@code If-Match} ({@code "3"}, {@code W/"3"} or {@code 3}), or null. */
  public static Long ifMatch(Context ctx) {
    String raw = ctx.header(IF_MATCH);
    if (raw == null || raw.isBlank() || raw.trim().equals("*")) {
      return null;
    }
    String v = raw.trim();
    if (v.startsWith("W/")) {
      v = v.substring(2);
    }
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1);
    }
    try {
      long version = Long.parseLong(v);
      if (version >= 0) {
        return version;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw ApiException.invalid(IF_MATCH, "If-Match must be a version this API answered as an"
        + " ETag, like \"3\"");
  }

  /** Answers the entity's version as its ETag. */
  public static void etag(Context ctx, long version) {
    ctx.header("ETag", "\"" + version + "\"");
  }
}
