package io.hookstream.ingest.webhooks;

import io.hookstream.ingest.api.ApiException;
import io.hookstream.ingest.api.JsonInput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.ingest.routing.EventTypePatterns;
import io.hookstream.model.SignatureProfile.Scheme;
import io.hookstream.model.SignatureProfile;
import io.hookstream.signing.Ed25519Keys;
import io.hookstream.model.SubscriptionFilter;
import io.hookstream.signing.WebhookSecrets;
import io.hookstream.targets.TargetPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import io.hookstream.outbound.GuardedDns;
import okhttp3.Headers;
import okhttp3.HttpUrl;

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
  static final int MAX_LEGACY_SECRET = 256;
  static final int MAX_FILTER_ENTRIES = 20;
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
  private static final Pattern LITERAL = Pattern.compile("([0-9a-fA-F]*:[0-9a-fA-F:.]*)|([\\d.]+)");
  /** Headers Hookstream sets itself, or that HTTP itself governs. */
  private static final Set<String> RESERVED = Set.of("content-type", "content-length", "host",
      "connection", "transfer-encoding", "te", "trailer", "upgrade", "keep-alive",
      "proxy-authorization", "proxy-connection", "expect", "user-agent");

  private WebhookRules() {}

  static String url(String url, TargetPolicy targets, HostResolver resolver) {
    return url(url, targets, resolver, "url");
  }

  /** The same for a URL in another field (an OAuth2 token URL), errors naming that field. */
  static String url(String url, TargetPolicy targets, HostResolver resolver, String field) {
    if (url.length() > MAX_URL_LENGTH) {
      throw new ApiException(400, "too_long", field + " must be at most " + MAX_URL_LENGTH + " characters",
          field);
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw ApiException.invalid(field, field + " is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw ApiException.invalid(field, field + " must be an absolute http or https URL");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw ApiException.invalid(field, field + " must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw ApiException.invalid(field, field + " must not contain credentials; use headers instead");
    }
    if (uri.getRawFragment() != null) {
      throw ApiException.invalid(field, field + " must not contain a fragment");
    }
    // The HTTP client's own parser decides what can be called: ports 1-65535, no IPv6 zone ids.
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw ApiException.invalid(field, field + " cannot be called: check the host and the port"
          + " (1 to 65535)");
    }
    if (target(parsed.host(), targets, resolver)) {
      throw new ApiException(400, "forbidden_target", field + " is not allowed: webhooks may only"
          + " call public addresses", field);
    }
    return url;
  }



  /**
   * Whether the host (as the HTTP client holds it) is refused: an address in any form the client
   * reads as one, or a name that resolves now to one the policy forbids. A name that does not
   * resolve now is accepted: the dispatcher checks again at every connect.
   */
  private static boolean target(String host, TargetPolicy targets, HostResolver resolver) {
    if (targets.allowsPrivate()) {
      return false;
    }
    if (GuardedDns.literalRefusal(host, targets).isPresent()) {
      return true;
    }
    if (LITERAL.matcher(host).matches()) {
      return false; // a public address
    }
    try {
      for (InetAddress address : resolver.resolve(host)) {
        if (targets.refusal(address).isPresent()) {
          return true;
        }
      }
    } catch (UnknownHostException e) {
      return false;
    }
    return false;
  }

  /** Each entry a catalog type, or a pattern that selects at least one catalog type. */
  static List<String> events(List<String> events, Collection<String> catalog) {
    if (events.isEmpty()) {
      throw ApiException.invalid("events", "events must name at least one event type or pattern");
    }
    for (int i = 0; i < events.size(); i++) {
      String entry = events.get(i);
      String field = "events[" + i + "]";
      if (!EventTypePatterns.isValid(entry)) {
        throw ApiException.invalid(field, field + " must be an event type like order.created or"
            + " a pattern like order.* or *");
      }
      // * takes every type to come (the catalog may hold only Hookstream's own types so far).
      if (!entry.equals(EventTypePatterns.WILDCARD)
          && catalog.stream().noneMatch(type -> EventTypePatterns.matches(entry, type))) {
        throw ApiException.invalid(field, field + " (" + entry + ") matches no event type in the"
            + " catalog (GET /v1/event-types)");
      }
    }
    return List.copyOf(events);
  }

  static Map<String, String> headers(Map<String, String> headers, SignatureProfile profile) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      String field = "headers." + e.getKey();
      String lower = e.getKey().toLowerCase(Locale.ROOT);
      headerName(e.getKey(), field);
      if (lower.startsWith("webhook-") || RESERVED.contains(lower)
          || lower.equalsIgnoreCase(profile.header()) || lower.equalsIgnoreCase(
              profile.timestampHeader() == null ? "" : profile.timestampHeader())) {
        throw new ApiException(400, "reserved_header",
            "header " + e.getKey() + " is set by Hookstream and cannot be overridden", field);
      }
      try {
        // The HTTP client's own rule: a value it would refuse to send is refused here.
        new Headers.Builder().add(e.getKey(), e.getValue());
      } catch (IllegalArgumentException bad) {
        throw ApiException.invalid(field, "header " + e.getKey() + " can only hold printable"
            + " ASCII characters and tabs");
      }
    }
    return Map.copyOf(headers);
  }

  private static void headerName(String name, String field) {
    if (!HEADER_NAME.matcher(name).matches()) {
      throw ApiException.invalid(field, "header name " + name + " is not a valid HTTP token");
    }
  }

  /** {@code {"scheme", "header"?, "timestampHeader"?}}. */
  static SignatureProfile signature(JsonNode node) {
    if (!node.isObject()) {
      throw JsonInput.wrongType("signature", "an object {scheme, header, timestampHeader}");
    }
    JsonInput in = JsonInput.of((ObjectNode) node, "signature.")
        .allowOnly(Set.of("scheme", "header", "timestampHeader"));
    Scheme scheme;
    String raw = in.requiredString("scheme", 64);
    try {
      scheme = Scheme.of(raw);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("signature.scheme", "signature.scheme must be one of"
          + " standard-webhooks, standard-webhooks-ed25519, hmac-sha256-hex, hmac-sha256-base64,"
          + " hmac-sha256-hex-timestamp");
    }
    Optional<String> header = in.optionalString("header", 64);
    Optional<String> timestampHeader = in.optionalString("timestampHeader", 64);
    if (scheme.standardHeaders()) {
      if (header.isPresent() && !header.get().equalsIgnoreCase("webhook-signature")
          || timestampHeader.isPresent()) {
        throw ApiException.invalid("signature.header", scheme.wireName() + " always uses the"
            + " webhook-id, webhook-timestamp and webhook-signature headers");
      }
      return scheme.asymmetric() ? SignatureProfile.ED25519 : SignatureProfile.STANDARD;
    }
    String h = header.orElseThrow(() -> JsonInput.missing("signature.header"));
    legacyHeader(h, "signature.header");
    String t = null;
    if (scheme == Scheme.HMAC_SHA256_HEX_TIMESTAMP) {
      t = timestampHeader.orElseThrow(() -> JsonInput.missing("signature.timestampHeader"));
      legacyHeader(t, "signature.timestampHeader");
      if (t.equalsIgnoreCase(h)) {
        throw ApiException.invalid("signature.timestampHeader",
            "signature.timestampHeader must differ from signature.header");
      }
    } else if (timestampHeader.isPresent()) {
      throw ApiException.invalid("signature.timestampHeader",
          "only hmac-sha256-hex-timestamp sends a timestamp header");
    }
    return new SignatureProfile(scheme, h, t);
  }

  private static void legacyHeader(String name, String field) {
    headerName(name, field);
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("webhook-") || RESERVED.contains(lower)) {
      throw new ApiException(400, "reserved_header", name + " is set by Hookstream", field);
    }
  }

  /** A secret given for {@code scheme}; Standard Webhooks needs a whsec_ one. */
  static String secret(String secret, Scheme scheme) {
    if (scheme.asymmetric()) {
      try {
        return Ed25519Keys.normalize(secret);
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid("secret", "secret must be an Ed25519 signing key: whsk_"
            + " followed by the base64 of its 64 bytes (seed, then public key), or the base64 of"
            + " a 32-byte seed");
      }
    }
    if (scheme.standard()) {
      if (!WebhookSecrets.isStandard(secret)) {
        throw ApiException.invalid("secret",
            "secret must be whsec_ followed by the base64 of 24 to 64 random bytes");
      }
    } else if (secret.length() > MAX_LEGACY_SECRET) {
      throw new ApiException(400, "too_long",
          "secret must be at most " + MAX_LEGACY_SECRET + " characters", "secret");
    }
    return secret;
  }

  /**
   * A new secret for {@code scheme}: whsec_ for Standard Webhooks, a whsk_ signing key for
   * Ed25519, else 43 random characters.
   */
  static String generateSecret(Scheme scheme) {
    return scheme.asymmetric() ? Ed25519Keys.generate()
        : forScheme(scheme, WebhookSecrets.generate());
  }

  /** The secret for {@code scheme} made of these 32 bytes. */
  static String secretFrom(Scheme scheme, byte[] key) {
    if (scheme.asymmetric()) {
      return Ed25519Keys.fromSeed(java.util.Arrays.copyOf(key, 32));
    }
    return forScheme(scheme, WebhookSecrets.of(java.util.Arrays.copyOf(key,
        WebhookSecrets.GENERATED_KEY_BYTES)));
  }

  private static String forScheme(Scheme scheme, String standard) {
    return scheme.standard() ? standard
        : standard.substring(WebhookSecrets.PREFIX.length()).replace('+', '-').replace('/', '_')
            .replace("=", "");
  }

  /** {@code {"changedAttributes": [...], "data.<path>": value | [values]}}. */
  static SubscriptionFilter filter(JsonNode node) {
    if (!node.isObject()) {
      throw JsonInput.wrongType("filter", "an object like {\"data.status\": \"sold\"}");
    }
    if (node.isEmpty() || node.size() > MAX_FILTER_ENTRIES) {
      throw ApiException.invalid("filter", "filter must hold 1 to " + MAX_FILTER_ENTRIES + " entries");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String key = e.getKey();
      String field = "filter." + key;
      JsonNode value = e.getValue();
      if (key.equals(SubscriptionFilter.CHANGED_ATTRIBUTES)) {
        if (!value.isArray() || value.isEmpty() || value.size() > 100) {
          throw JsonInput.wrongType(field, "an array of 1 to 100 attribute names");
        }
        for (JsonNode n : value) {
          if (!n.isTextual() || n.textValue().isBlank()) {
            throw JsonInput.wrongType(field, "an array of attribute names");
          }
        }
      } else if (key.startsWith(SubscriptionFilter.DATA_PREFIX)) {
        String path = key.substring(SubscriptionFilter.DATA_PREFIX.length());
        if (path.isEmpty() || path.split("\\.", -1).length > 10
            || List.of(path.split("\\.", -1)).contains("")) {
          throw ApiException.invalid(field, field + " must name a field like data.status");
        }
        boolean scalars = value.isValueNode()
            || value.isArray() && !value.isEmpty() && value.size() <= 100
            && java.util.stream.StreamSupport.stream(value.spliterator(), false)
                .allMatch(JsonNode::isValueNode);
        if (!scalars) {
          throw JsonInput.wrongType(field, "a value, or an array of 1 to 100 values");
        }
      } else {
        throw ApiException.invalid(field,
            "filter keys are changedAttributes or data.<field>, not " + key);
      }
    }
    return SubscriptionFilter.fromJson((ObjectNode) node);
  }

  static final int MAX_PEM = 64 * 1024;

  /**
   * {@code auth}: {@code {type: basic, username, password}}, {@code {type: bearer, token}},
   * {@code {type: oauth2-client-credentials, tokenUrl, clientId, clientSecret, scope?,
   * audience?}} or {@code {type: mtls, certificate, privateKey}} (PEM, the key PKCS#8), in clear;
   * the caller seals it. The token URL passes the same SSRF rules as the endpoint's.
   */
  static io.hookstream.model.EndpointAuth auth(JsonNode node, TargetPolicy targets,
      HostResolver resolver) {
    if (!node.isObject()) {
      throw JsonInput.wrongType("auth", "an object {type, ...}");
    }
    JsonInput in = JsonInput.of((ObjectNode) node, "auth.");
    String type = in.requiredString("type", 64);
    return switch (type) {
      case "basic" -> {
        in.allowOnly(Set.of("type", "username", "password"));
        String user = in.requiredString("username", 256);
        if (user.contains(":") || !printable(user)) {
          throw ApiException.invalid("auth.username", "auth.username must be printable ASCII"
              + " without a colon");
        }
        yield io.hookstream.model.EndpointAuth.basic(user, credential(in, "password", 1024));
      }
      case "bearer" -> {
        in.allowOnly(Set.of("type", "token"));
        yield io.hookstream.model.EndpointAuth.bearer(credential(in, "token", 4096));
      }
      case "oauth2-client-credentials" -> {
        in.allowOnly(Set.of("type", "tokenUrl", "clientId", "clientSecret", "scope", "audience"));
        String tokenUrl = url(in.requiredString("tokenUrl", MAX_URL_LENGTH), targets, resolver,
            "auth.tokenUrl");
        yield io.hookstream.model.EndpointAuth.oauth2(tokenUrl, credential(in, "clientId", 256),
            credential(in, "clientSecret", 1024), in.optionalString("scope", 1024).orElse(null),
            in.optionalString("audience", 1024).orElse(null));
      }
      case "mtls" -> {
        in.allowOnly(Set.of("type", "certificate", "privateKey"));
        String certificate = in.requiredString("certificate", MAX_PEM);
        String key = in.requiredString("privateKey", MAX_PEM);
        try {
          io.hookstream.outbound.ClientCertificates.check(certificate, key);
        } catch (IllegalArgumentException e) {
          throw ApiException.invalid("auth.certificate", e.getMessage());
        }
        yield io.hookstream.model.EndpointAuth.mtls(certificate, key);
      }
      default -> throw ApiException.invalid("auth.type", "auth.type must be one of basic, bearer,"
          + " oauth2-client-credentials, mtls");
    };
  }

  private static String credential(JsonInput in, String field, int max) {
    String value = in.requiredString(field, max);
    if (value.isEmpty() || !printable(value)) {
      throw ApiException.invalid("auth." + field, "auth." + field + " must be printable ASCII");
    }
    return value;
  }

  private static boolean printable(String value) {
    return value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
  }
}
