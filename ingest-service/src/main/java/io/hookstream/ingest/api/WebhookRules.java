package io.hookstream.ingest.api;

import io.hookstream.ingest.routing.EventTypePatterns;
import io.hookstream.signing.WebhookSecrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What a subscription's fields must satisfy; each failure names its field. */
final class WebhookRules {
  static final int MAX_URL_LENGTH = 2048;
  static final int MAX_EVENTS = 100;
  static final int MAX_HEADERS = 20;
  static final int MAX_HEADER_VALUE = 1024;
  static final int MIN_TIMEOUT_MS = 1_000;
  static final int MAX_TIMEOUT_MS = 30_000;
  static final int MAX_IN_FLIGHT = 1_000;
  static final int MAX_RATE_PER_SECOND = 100_000;
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
  /** Headers Hookstream sets itself, or that HTTP itself governs. */
  private static final Set<String> RESERVED = Set.of("content-type", "content-length", "host",
      "connection", "transfer-encoding", "te", "trailer", "upgrade", "keep-alive",
      "proxy-authorization", "proxy-connection", "expect", "user-agent");

  private WebhookRules() {}

  static String url(String url) {
    if (url.length() > MAX_URL_LENGTH) {
      throw new ApiException(400, "too_long", "url must be at most " + MAX_URL_LENGTH + " characters",
          "url");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw ApiException.invalid("url", "url is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw ApiException.invalid("url", "url must be an absolute http or https URL");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw ApiException.invalid("url", "url must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw ApiException.invalid("url", "url must not contain credentials; use headers instead");
    }
    if (uri.getRawFragment() != null) {
      throw ApiException.invalid("url", "url must not contain a fragment");
    }
    return url;
  }

  static List<String> events(List<String> events) {
    if (events.isEmpty()) {
      throw ApiException.invalid("events", "events must name at least one event type or pattern");
    }
    for (int i = 0; i < events.size(); i++) {
      if (!EventTypePatterns.isValid(events.get(i))) {
        throw ApiException.invalid("events[" + i + "]", "events[" + i + "] must be an event type"
            + " like order.created or a pattern like order.* or *");
      }
    }
    return List.copyOf(events);
  }

  static Map<String, String> headers(Map<String, String> headers) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      String field = "headers." + e.getKey();
      String lower = e.getKey().toLowerCase(Locale.ROOT);
      if (!HEADER_NAME.matcher(e.getKey()).matches()) {
        throw ApiException.invalid(field, "header name " + e.getKey() + " is not a valid HTTP token");
      }
      if (lower.startsWith("webhook-") || RESERVED.contains(lower)) {
        throw new ApiException(400, "reserved_header",
            "header " + e.getKey() + " is set by Hookstream and cannot be overridden", field);
      }
      if (e.getValue().chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
        throw ApiException.invalid(field, "header " + e.getKey() + " has a control character");
      }
    }
    return Map.copyOf(headers);
  }

  static String standardSecret(String secret) {
    if (!WebhookSecrets.isStandard(secret)) {
      throw ApiException.invalid("secret",
          "secret must be whsec_ followed by the base64 of 24 to 64 random bytes");
    }
    return secret;
  }
}
