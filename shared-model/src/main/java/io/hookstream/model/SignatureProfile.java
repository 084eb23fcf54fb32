package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How a subscription's requests are signed. Standard Webhooks is the default; the legacy schemes
 * let receivers written for other providers verify unchanged.
 *
 * @param header the signature header ({@code webhook-signature} for Standard Webhooks)
 * @param timestampHeader the header carrying the signed timestamp, for
 *     {@link Scheme#HMAC_SHA256_HEX_TIMESTAMP}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignatureProfile(Scheme scheme, String header, String timestampHeader) {

  public static final SignatureProfile STANDARD =
      new SignatureProfile(Scheme.STANDARD_WEBHOOKS, "webhook-signature", null);
  /** Standard Webhooks with Ed25519 ({@code v1a}), in the same three headers. */
  public static final SignatureProfile ED25519 =
      new SignatureProfile(Scheme.STANDARD_WEBHOOKS_ED25519, "webhook-signature", null);

  /** What is signed and how the signature is written. */
  public enum Scheme {
    /** {@code v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">}, space-separated per secret. */
    STANDARD_WEBHOOKS("standard-webhooks"),
    /**
     * {@code v1a,<base64 Ed25519 signature of "{id}.{timestamp}.{body}">}, space-separated per
     * key; keys {@code whsk_…}, verified with the public key {@code whpk_…}.
     */
    STANDARD_WEBHOOKS_ED25519("standard-webhooks-ed25519"),
    /** Hex HMAC-SHA256 of the body (Propstack, Protocol, PlexTrac). */
    HMAC_SHA256_HEX("hmac-sha256-hex"),
    /** Base64 HMAC-SHA256 of the body (Dastra). */
    HMAC_SHA256_BASE64("hmac-sha256-base64"),
    /** Hex HMAC-SHA256 of timestamp + body, the timestamp in its own header. */
    HMAC_SHA256_HEX_TIMESTAMP("hmac-sha256-hex-timestamp");

    private final String wireName;

    Scheme(String wireName) {
      this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
      return wireName;
    }

    @JsonCreator
    public static Scheme of(String name) {
      for (Scheme s : values()) {
        if (s.wireName.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown signature scheme " + name);
    }

    /** Standard Webhooks with HMAC: {@code whsec_} secrets. */
    public boolean standard() {
      return this == STANDARD_WEBHOOKS;
    }

    /** Signs in the Standard Webhooks headers, always (a key is required). */
    public boolean standardHeaders() {
      return this == STANDARD_WEBHOOKS || this == STANDARD_WEBHOOKS_ED25519;
    }

    /** Signs with a private key; receivers verify with its public key. */
    public boolean asymmetric() {
      return this == STANDARD_WEBHOOKS_ED25519;
    }

    /**
     * The kind of secret the scheme takes: {@code whsec} (Standard Webhooks HMAC), {@code whsk}
     * (Ed25519 signing keys) or {@code text} (the legacy HMAC schemes). Changing a webhook to a
     * scheme of another kind needs a new secret.
     */
    public String secretKind() {
      return switch (this) {
        case STANDARD_WEBHOOKS -> "whsec";
        case STANDARD_WEBHOOKS_ED25519 -> "whsk";
        default -> "text";
      };
    }
  }
}
