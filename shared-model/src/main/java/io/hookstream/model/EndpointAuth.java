package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * How requests to a subscription's endpoint authenticate, beside the signature. The secret parts
 * ({@code password}, {@code token}, {@code clientSecret}, {@code privateKey}) hold sealed values
 * once written by the API (see {@code SecretBox}), each bound to its subscription and field by
 * {@link #context}; they are never answered back.
 *
 * <ul>
 *   <li>{@code basic}: {@code username}, {@code password}: {@code Authorization: Basic …};
 *   <li>{@code bearer}: {@code token}: {@code Authorization: Bearer …};
 *   <li>{@code oauth2-client-credentials}: {@code tokenUrl}, {@code clientId},
 *       {@code clientSecret}, {@code scope}?, {@code audience}?: a token fetched with the client
 *       credentials grant, sent as {@code Authorization: Bearer …};
 *   <li>{@code mtls}: {@code certificate} and {@code privateKey} (PEM): the TLS client
 *       certificate presented to the endpoint.
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointAuth(Type type, String username, String password, String token,
    String tokenUrl, String clientId, String clientSecret, String scope, String audience,
    String certificate, String privateKey) {

  /** The kinds of endpoint authentication. */
  public enum Type {
    BASIC("basic"), BEARER("bearer"), OAUTH2_CLIENT_CREDENTIALS("oauth2-client-credentials"),
    MTLS("mtls");

    private final String wireName;

    Type(String wireName) {
      this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
      return wireName;
    }

    @JsonCreator
    public static Type of(String name) {
      for (Type t : values()) {
        if (t.wireName.equals(name)) {
          return t;
        }
      }
      throw new IllegalArgumentException("unknown auth type " + name);
    }
  }

  public EndpointAuth {
    Objects.requireNonNull(type, "type");
  }

  /** What a sealed field of a subscription's auth is bound to. */
  public static String context(String subscriptionKey, String field) {
    return subscriptionKey + "|auth|" + field;
  }

  public static EndpointAuth basic(String username, String password) {
    return new EndpointAuth(Type.BASIC, username, password, null, null, null, null, null, null,
        null, null);
  }

  public static EndpointAuth bearer(String token) {
    return new EndpointAuth(Type.BEARER, null, null, token, null, null, null, null, null, null,
        null);
  }

  public static EndpointAuth oauth2(String tokenUrl, String clientId, String clientSecret,
      String scope, String audience) {
    return new EndpointAuth(Type.OAUTH2_CLIENT_CREDENTIALS, null, null, null, tokenUrl, clientId,
        clientSecret, scope, audience, null, null);
  }

  public static EndpointAuth mtls(String certificate, String privateKey) {
    return new EndpointAuth(Type.MTLS, null, null, null, null, null, null, null, null,
        certificate, privateKey);
  }

  /** This auth with its secret parts replaced by {@code seal(field, value)}. */
  public EndpointAuth sealed(java.util.function.BiFunction<String, String, String> seal) {
    return new EndpointAuth(type, username, password == null ? null : seal.apply("password",
        password), token == null ? null : seal.apply("token", token), tokenUrl, clientId,
        clientSecret == null ? null : seal.apply("clientSecret", clientSecret), scope, audience,
        certificate, privateKey == null ? null : seal.apply("privateKey", privateKey));
  }

  @JsonIgnore
  public boolean mtls() {
    return type == Type.MTLS;
  }
}
