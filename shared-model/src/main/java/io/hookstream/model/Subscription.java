package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookstream.retry.RetrySchedule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A webhook subscription: where to POST a tenant's events of the given types, and how to sign them.
 * Lives on the compacted {@code hookstream.subscriptions} topic under {@link #topicKey()}; a
 * tombstone under that key deletes it.
 *
 * <p>{@code maxInFlight} caps concurrent requests to this endpoint (absent: the dispatcher's
 * default); {@code rateLimitPerSecond} caps its request rate (absent: unlimited). {@code secrets}
 * and the values of {@code headers} hold sealed values (see {@code SecretBox}) once written by the
 * API. {@code signature} absent
 * means Standard Webhooks; {@code sslVerification} absent means true. {@code template} absent
 * means the standard body. The delivery policy ({@code timeoutMs}, {@code retrySchedule},
 * {@code successStatuses}, {@code autoDisable}) absent means the tenant's, then the deployment's
 * (see {@link DeliveryPolicy}). {@code preset} names the compatibility preset the other fields
 * were filled from. {@code version} counts the changes made through the API, from 1.
 *
 * <p>Ordering: {@code ordering} absent means {@code none}; with {@code fifo},
 * {@code onExhausted} (absent: {@code skip}) and {@code batch} (absent: one event per request)
 * apply, and {@code haltedAt} is set while the endpoint is halted (see {@link OnExhausted}).
 * {@code auth} absent means requests carry no credentials beyond the signature (see
 * {@link EndpointAuth}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Subscription(
    int v,
    SubscriptionId id,
    TenantId tenant,
    String url,
    List<String> events,
    List<SigningSecret> secrets,
    String name,
    String description,
    boolean enabled,
    Map<String, String> headers,
    Integer timeoutMs,
    Integer maxInFlight,
    Integer rateLimitPerSecond,
    SignatureProfile signature,
    SubscriptionFilter filter,
    Boolean sslVerification,
    String disabledReason,
    Instant disabledAt,
    Instant createdAt,
    Instant updatedAt,
    long version,
    String template,
    String preset,
    RetrySchedule retrySchedule,
    List<Integer> successStatuses,
    AutoDisablePolicy autoDisable,
    Ordering ordering,
    OnExhausted onExhausted,
    BatchPolicy batch,
    Instant haltedAt,
    String haltedReason,
    EndpointAuth auth) {

  public static final int VERSION = 1;

  public Subscription {
    v = v == 0 ? VERSION : v;
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(url, "url");
    events = List.copyOf(events == null ? List.of() : events);
    secrets = List.copyOf(secrets == null ? List.of() : secrets);
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    successStatuses = successStatuses == null ? null : List.copyOf(successStatuses);
  }

  /** The compacted-topic key: tenant first, so records land on the tenant's events partition. */
  @JsonIgnore
  public String topicKey() {
    return topicKey(tenant, id);
  }

  public static String topicKey(TenantId tenant, SubscriptionId id) {
    return tenant.value() + '/' + id.value();
  }

  /** What a custom header's sealed value is bound to: this subscription and that header. */
  public static String headerContext(String topicKey, String headerName) {
    return topicKey + "|header|" + headerName.toLowerCase(java.util.Locale.ROOT);
  }

  @JsonIgnore
  public SignatureProfile effectiveSignature() {
    return signature != null ? signature : SignatureProfile.STANDARD;
  }

  /** Whether deliveries go out one at a time, in sequence order. */
  @JsonIgnore
  public boolean fifo() {
    return ordering == Ordering.FIFO;
  }

  @JsonIgnore
  public OnExhausted effectiveOnExhausted() {
    return onExhausted != null ? onExhausted : OnExhausted.SKIP;
  }

  /** Events per request on a FIFO endpoint: 1 without a batch policy. */
  @JsonIgnore
  public int maxBatch() {
    return fifo() && batch != null ? batch.maxEvents() : 1;
  }

  @JsonIgnore
  public boolean halted() {
    return haltedAt != null;
  }

  /** This FIFO subscription halted on its head: it sends nothing until resumed. */
  public Subscription halted(String reason, Instant now) {
    return toBuilder().haltedAt(now).haltedReason(reason).updatedAt(now).build();
  }

  @JsonIgnore
  public boolean verifiesTls() {
    return sslVerification == null || sslVerification;
  }


  /** The secrets that sign a request made at {@code now}, newest first. */
  public List<SigningSecret> activeSecrets(Instant now) {
    return secrets.stream().filter(s -> s.activeAt(now)).toList();
  }

  /** Rotated-out secrets kept signing at once, at most (the new one included). */
  public static final int MAX_SECRETS = 5;

  /**
   * This subscription with a new primary secret (sealed): the secrets active at {@code now} keep
   * signing until {@code graceEnd} (or their own earlier end), at most {@link #MAX_SECRETS}.
   */
  public Subscription rotated(SigningSecret primary, Instant now, Instant graceEnd) {
    List<SigningSecret> next = new java.util.ArrayList<>();
    next.add(primary);
    for (SigningSecret old : activeSecrets(now)) {
      if (next.size() == MAX_SECRETS) {
        break;
      }
      Instant expires = old.expiresAt() == null || old.expiresAt().isAfter(graceEnd)
          ? graceEnd : old.expiresAt();
      if (expires.isAfter(now)) {
        next.add(new SigningSecret(old.value(), old.createdAt(), expires));
      }
    }
    return toBuilder().secrets(next).updatedAt(now).build();
  }

  public Subscription disabled(String reason, Instant now) {
    return toBuilder().enabled(false).disabledReason(reason).disabledAt(now).updatedAt(now).build();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public static Builder builder(SubscriptionId id, TenantId tenant, String url) {
    return new Builder(id, tenant, url);
  }

  /** For the few places that change a subscription: the API and the dispatcher's auto-disable. */
  public static final class Builder {
    private final SubscriptionId id;
    private final TenantId tenant;
    private String url;
    private List<String> events = List.of();
    private List<SigningSecret> secrets = List.of();
    private String name;
    private String description;
    private boolean enabled = true;
    private Map<String, String> headers = Map.of();
    private Integer timeoutMs;
    private Integer maxInFlight;
    private Integer rateLimitPerSecond;
    private SignatureProfile signature;
    private SubscriptionFilter filter;
    private Boolean sslVerification;
    private String disabledReason;
    private Instant disabledAt;
    private Instant createdAt;
    private Instant updatedAt;
    private long version;
    private String template;
    private String preset;
    private RetrySchedule retrySchedule;
    private List<Integer> successStatuses;
    private AutoDisablePolicy autoDisable;
    private Ordering ordering;
    private OnExhausted onExhausted;
    private BatchPolicy batch;
    private Instant haltedAt;
    private String haltedReason;
    private EndpointAuth auth;

    private Builder(SubscriptionId id, TenantId tenant, String url) {
      this.id = id;
      this.tenant = tenant;
      this.url = url;
    }

    private Builder(Subscription s) {
      this(s.id, s.tenant, s.url);
      events = s.events;
      secrets = s.secrets;
      name = s.name;
      description = s.description;
      enabled = s.enabled;
      headers = s.headers;
      timeoutMs = s.timeoutMs;
      maxInFlight = s.maxInFlight;
      rateLimitPerSecond = s.rateLimitPerSecond;
      signature = s.signature;
      filter = s.filter;
      sslVerification = s.sslVerification;
      disabledReason = s.disabledReason;
      disabledAt = s.disabledAt;
      createdAt = s.createdAt;
      updatedAt = s.updatedAt;
      version = s.version;
      template = s.template;
      preset = s.preset;
      retrySchedule = s.retrySchedule;
      successStatuses = s.successStatuses;
      autoDisable = s.autoDisable;
      ordering = s.ordering;
      onExhausted = s.onExhausted;
      batch = s.batch;
      haltedAt = s.haltedAt;
      haltedReason = s.haltedReason;
      auth = s.auth;
    }

    public Builder url(String value) {
      url = value;
      return this;
    }

    public Builder events(List<String> value) {
      events = value;
      return this;
    }

    public Builder secrets(List<SigningSecret> value) {
      secrets = value;
      return this;
    }

    public Builder name(String value) {
      name = value;
      return this;
    }

    public Builder description(String value) {
      description = value;
      return this;
    }

    public Builder enabled(boolean value) {
      enabled = value;
      if (value) {
        disabledReason = null;
        disabledAt = null;
      }
      return this;
    }

    public Builder headers(Map<String, String> value) {
      headers = value;
      return this;
    }

    public Builder timeoutMs(Integer value) {
      timeoutMs = value;
      return this;
    }

    public Builder maxInFlight(Integer value) {
      maxInFlight = value;
      return this;
    }

    public Builder rateLimitPerSecond(Integer value) {
      rateLimitPerSecond = value;
      return this;
    }

    public Builder signature(SignatureProfile value) {
      signature = value;
      return this;
    }

    public Builder filter(SubscriptionFilter value) {
      filter = value;
      return this;
    }

    public Builder sslVerification(Boolean value) {
      sslVerification = value;
      return this;
    }

    public Builder disabledReason(String value) {
      disabledReason = value;
      return this;
    }

    public Builder disabledAt(Instant value) {
      disabledAt = value;
      return this;
    }

    public Builder createdAt(Instant value) {
      createdAt = value;
      return this;
    }

    public Builder updatedAt(Instant value) {
      updatedAt = value;
      return this;
    }

    public Builder version(long value) {
      version = value;
      return this;
    }

    public Builder template(String value) {
      template = value;
      return this;
    }

    public Builder preset(String value) {
      preset = value;
      return this;
    }

    public Builder retrySchedule(RetrySchedule value) {
      retrySchedule = value;
      return this;
    }

    public Builder successStatuses(List<Integer> value) {
      successStatuses = value;
      return this;
    }

    public Builder autoDisable(AutoDisablePolicy value) {
      autoDisable = value;
      return this;
    }

    public Builder ordering(Ordering value) {
      ordering = value;
      return this;
    }

    public Builder onExhausted(OnExhausted value) {
      onExhausted = value;
      return this;
    }

    public Builder batch(BatchPolicy value) {
      batch = value;
      return this;
    }

    public Builder haltedAt(Instant value) {
      haltedAt = value;
      return this;
    }

    public Builder haltedReason(String value) {
      haltedReason = value;
      return this;
    }

    public Builder auth(EndpointAuth value) {
      auth = value;
      return this;
    }

    public Subscription build() {
      return new Subscription(VERSION, id, tenant, url, events, secrets, name, description, enabled,
          headers, timeoutMs, maxInFlight, rateLimitPerSecond, signature, filter, sslVerification,
          disabledReason, disabledAt, createdAt, updatedAt, version, template, preset,
          retrySchedule, successStatuses, autoDisable, ordering, onExhausted, batch, haltedAt,
          haltedReason, auth);
    }
  }
}
