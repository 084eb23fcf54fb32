package io.hookstream.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list answer: {@code {"data": [...], "nextCursor": "..."}}, the cursor absent on the
 * last page. Cursors are opaque to clients (base64url of the last key shown).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Page<T>(List<T> data, String nextCursor) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 250;
  /** Marks what this API encoded, so any other string is refused as a cursor. */
  private static final String CURSOR_MARK = "hs1|";

  /** The page after the request's {@code cursor}, of {@code limit} items, from a key-sorted list. */
  public static <S, T> Page<T> of(Context ctx, List<S> sorted, Function<S, String> key,
      Function<S, T> view) {
    int limit = limit(ctx);
    String after = cursor(ctx);
    List<S> rest = after == null ? sorted
        : sorted.stream().filter(s -> key.apply(s).compareTo(after) > 0).toList();
    List<S> page = rest.subList(0, Math.min(limit, rest.size()));
    String next = rest.size() > limit ? encode(key.apply(page.get(page.size() - 1))) : null;
    return new Page<>(page.stream().map(view).toList(), next);
  }

  public static int limit(Context ctx) {
    String raw = ctx.queryParam("limit");
    if (raw == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.invalid("limit", "limit must be an integer from 1 to " + MAX_LIMIT);
  }

  private static String cursor(Context ctx) {
    String raw = ctx.queryParam("cursor");
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    String decoded = decode(raw);
    if (decoded == null) {
      throw ApiException.invalid("cursor", "cursor is not one this API gave out");
    }
    return decoded;
  }

  /** A position in a list, as an opaque cursor; {@link #decode} reads it back. */
  public static String encode(String key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        (CURSOR_MARK + key).getBytes(StandardCharsets.UTF_8));
  }

  /** The position a cursor holds, or null when it is not one {@link #encode} made. */
  public static String decode(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      return text.startsWith(CURSOR_MARK) ? text.substring(CURSOR_MARK.length()) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
