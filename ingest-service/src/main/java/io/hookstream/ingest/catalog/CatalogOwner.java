package io.hookstream.ingest.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.json.Json;
import io.hookstream.model.CatalogCommand;
import io.hookstream.model.CommandResult;
import io.hookstream.model.EventType;
import io.hookstream.model.SigningSecret;
import io.hookstream.model.Subscription;
import io.hookstream.model.Tenant;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * The one writer of tenants, the event catalog and subscriptions: applies each
 * {@link CatalogCommand} to the current state of the keys its router task owns and emits the new
 * state and a result. Commands of one key are applied in order, each to what the previous left,
 * so concurrent API calls never lose each other's changes: a patch sets only the fields it names,
 * a rotation adds to the secrets current then, and an {@code ifVersion} that no longer holds is
 * refused (412) rather than overwritten. Single-threaded, like its task.
 */
public final class CatalogOwner {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CatalogOwner.class);
  /** Where the owner's decisions go: the compacted topics and the results topic. */
  public interface Output {
    void subscription(String key, Subscription sub);

    void tenant(Tenant tenant);

    void eventType(String name, EventType type);

    void result(CommandResult result);

    /**
     * A subscription was switched off by Hookstream (auto-disable, 410): its tenant is told, once,
     * with what the command's {@code notice} says about the endpoint's failures.
     */
    void disabled(Subscription sub, JsonNode notice);

    /** A disabled subscription was enabled again: its tenant is told, once. */
    void enabled(Subscription sub, java.time.Instant at);
  }

  /** The current state the owner reads and writes. */
  public interface State {
    Subscription subscription(String key);

    void subscription(String key, Subscription sub);

    Tenant tenant(String id);

    void tenant(Tenant tenant);

    EventType eventType(String name);

    void eventType(String name, EventType type);
  }

  private final State state;
  private final Output out;

  public CatalogOwner(State state, Output out) {
    this.state = state;
    this.out = out;
  }

  public void apply(CatalogCommand c) {
    CommandResult result = switch (c.kind()) {
      case CREATE_TENANT, PATCH_TENANT -> tenant(c);
      case CREATE_EVENT_TYPE, PATCH_EVENT_TYPE, DELETE_EVENT_TYPE, UPSERT_EVENT_TYPE -> eventType(c);
      default -> subscription(c);
    };
    out.result(result);
  }

  private CommandResult tenant(CatalogCommand c) {
    Tenant current = state.tenant(c.tenant().value());
    if (c.kind() == CatalogCommand.Kind.CREATE_TENANT) {
      if (current != null) {
        return conflict(c, "tenant " + c.tenant() + " already exists");
      }
      Tenant created = Json.mapper().convertValue(c.payload(), Tenant.class).stamped(1, c.at());
      return tenantWritten(c, created, 201);
    }
    CommandResult refused = precondition(c, current == null ? null : current.version(), "tenant");
    if (refused != null) {
      return refused;
    }
    return tenantWritten(c, merge(current, c.payload(), Tenant.class)
        .stamped(current.version() + 1, c.at()), 200);
  }

  private CommandResult tenantWritten(CatalogCommand c, Tenant tenant, int status) {
    state.tenant(tenant);
    out.tenant(tenant);
    return CommandResult.applied(c.id(), status, Json.mapper().valueToTree(tenant),
        tenant.version());
  }

  private CommandResult eventType(CatalogCommand c) {
    String name = c.eventType();
    EventType current = state.eventType(name);
    switch (c.kind()) {
      case CREATE_EVENT_TYPE -> {
        if (current != null) {
          return conflict(c, "event type " + name + " already exists");
        }
        return typeWritten(c, type(c.payload()).stamped(1, c.at()), 201);
      }
      case UPSERT_EVENT_TYPE -> {
        long version = current == null ? 1 : current.version() + 1;
        return typeWritten(c, type(c.payload()).stamped(version, c.at()), 200);
      }
      default -> { }
    }
    CommandResult refused = precondition(c, current == null ? null : current.version(),
        "event type");
    if (refused != null) {
      return refused;
    }
    if (c.kind() == CatalogCommand.Kind.DELETE_EVENT_TYPE) {
      state.eventType(name, null);
      out.eventType(name, null);
      return CommandResult.applied(c.id(), 204, null, current.version() + 1);
    }
    return typeWritten(c, merge(current, c.payload(), EventType.class)
        .stamped(current.version() + 1, c.at()), 200);
  }

  private CommandResult typeWritten(CatalogCommand c, EventType type, int status) {
    state.eventType(type.name(), type);
    out.eventType(type.name(), type);
    return CommandResult.applied(c.id(), status, Json.mapper().valueToTree(type), type.version());
  }

  private CommandResult subscription(CatalogCommand c) {
    String key = Subscription.topicKey(c.tenant(), c.subscription());
    Subscription current = state.subscription(key);
    if (c.kind() == CatalogCommand.Kind.CREATE_SUBSCRIPTION) {
      if (current != null) {
        return conflict(c, "webhook " + c.subscription() + " already exists");
      }
      Subscription created = Json.mapper().convertValue(c.payload(), Subscription.class)
          .toBuilder().version(1).createdAt(c.at()).updatedAt(c.at()).build();
      return subscriptionWritten(c, key, created, 201);
    }
    if (c.kind() == CatalogCommand.Kind.DISABLE_SUBSCRIPTION) {
      return disable(c, key, current);
    }
    if (c.kind() == CatalogCommand.Kind.HALT_SUBSCRIPTION) {
      return halt(c, key, current);
    }
    CommandResult refused = precondition(c, current == null ? null : current.version(), "webhook");
    if (refused != null) {
      return refused;
    }
    Subscription next = switch (c.kind()) {
      case DELETE_SUBSCRIPTION -> null;
      case RESUME_SUBSCRIPTION -> {
        if (!current.fifo()) {
          yield null;
        }
        yield current.toBuilder().haltedAt(null).haltedReason(null).enabled(true).build();
      }
      case ROTATE_SECRET -> current.rotated(
          Json.mapper().convertValue(c.payload().get("secret"), SigningSecret.class), c.at(),
          Instant.parse(c.payload().get("graceEnd").asText()));
      default -> merge(current, c.payload(), Subscription.class);
    };
    if (c.kind() == CatalogCommand.Kind.RESUME_SUBSCRIPTION
        && (next == null || !current.halted() && current.enabled())) {
      return next == null ? CommandResult.refused(c.id(), 409, "not_fifo",
          "only a FIFO webhook (ordering: fifo) halts and resumes")
          : CommandResult.applied(c.id(), 200, Json.mapper().valueToTree(current),
              current.version());
    }
    if (next == null) {
      state.subscription(key, null);
      out.subscription(key, null);
      return CommandResult.applied(c.id(), 204, null, current.version() + 1);
    }
    CommandResult written = subscriptionWritten(c, key, next.toBuilder()
        .version(current.version() + 1).updatedAt(c.at()).build(), 200);
    if (!current.enabled() && next.enabled()) {
      out.enabled(state.subscription(key), c.at()); // the tenant hears of it, once
    }
    return written;
  }

  /**
   * Auto-disable or a 410, decided from an earlier state: applied only to the subscription that
   * earned it (the same version), so a webhook deleted or changed since is left alone.
   */
  private CommandResult disable(CatalogCommand c, String key, Subscription current) {
    if (current == null) {
      return CommandResult.refused(c.id(), 404, "not_found", "the webhook no longer exists");
    }
    if (c.ifVersion() != null && c.ifVersion() != current.version()) {
      return CommandResult.refused(c.id(), 409, "changed",
          "the webhook changed since; not disabled");
    }
    if (!current.enabled()) {
      return CommandResult.applied(c.id(), 200, null, current.version());
    }
    String reason = c.payload().path("reason").asText("disabled after repeated failures");
    CommandResult written = subscriptionWritten(c, key, current.disabled(reason, c.at())
        .toBuilder().version(current.version() + 1).build(), 200);
    out.disabled(state.subscription(key), c.payload().path("notice"));
    log.warn("webhook {} of tenant {} disabled: {}", current.id(), current.tenant(), reason);
    return written;
  }

  /**
   * A FIFO endpoint's head ran out of tries under {@code onExhausted: halt}: it sends nothing
   * until resumed. Applied to the webhook as it is now (a change since does not undo the halt).
   */
  private CommandResult halt(CatalogCommand c, String key, Subscription current) {
    if (current == null) {
      return CommandResult.refused(c.id(), 404, "not_found", "the webhook no longer exists");
    }
    if (current.halted()) {
      return CommandResult.applied(c.id(), 200, null, current.version());
    }
    String reason = c.payload().path("reason").asText("the delivery at the head failed for good");
    log.warn("FIFO webhook {} of tenant {} halted: {}", current.id(), current.tenant(), reason);
    return subscriptionWritten(c, key, current.halted(reason, c.at()).toBuilder()
        .version(current.version() + 1).build(), 200);
  }

  private CommandResult subscriptionWritten(CatalogCommand c, String key, Subscription sub,
      int status) {
    state.subscription(key, sub);
    out.subscription(key, sub);
    return CommandResult.applied(c.id(), status, Json.mapper().valueToTree(sub), sub.version());
  }

  /** 404 when absent, 412 when not at the version the caller saw; null when it may go on. */
  private static CommandResult precondition(CatalogCommand c, Long version, String what) {
    if (version == null) {
      return CommandResult.refused(c.id(), 404, "not_found", "no such " + what);
    }
    if (c.ifVersion() != null && !c.ifVersion().equals(version)) {
      return CommandResult.refused(c.id(), 412, "version_mismatch", "the " + what
          + " is at version " + version + ", not " + c.ifVersion() + "; read it again and retry");
    }
    return null;
  }

  private static CommandResult conflict(CatalogCommand c, String message) {
    return CommandResult.refused(c.id(), 409, "already_exists", message);
  }

  private static EventType type(JsonNode payload) {
    return Json.mapper().convertValue(payload, EventType.class);
  }

  /**
   * {@code current} with the fields of {@code patch} set ({@code null} clears one), in wire form:
   * the one way every entity is patched, whatever its fields.
   */
  static <T> T merge(T current, JsonNode patch, Class<T> type) {
    ObjectNode tree = Json.mapper().valueToTree(current);
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      if (field.getValue().isNull()) {
        tree.remove(field.getKey());
      } else {
        tree.set(field.getKey(), field.getValue());
      }
    }
    return Json.mapper().convertValue(tree, type);
  }

  /** The fields that differ between two states of an entity, in wire form: a patch's payload. */
  public static ObjectNode diff(Object before, Object after, Function<String, Boolean> skip) {
    ObjectNode b = Json.mapper().valueToTree(before);
    ObjectNode a = Json.mapper().valueToTree(after);
    ObjectNode out = Json.mapper().createObjectNode();
    a.properties().forEach(e -> {
      if (!skip.apply(e.getKey()) && !e.getValue().equals(b.get(e.getKey()))) {
        out.set(e.getKey(), e.getValue());
      }
    });
    b.fieldNames().forEachRemaining(name -> {
      if (!skip.apply(name) && !a.has(name)) {
        out.putNull(name);
      }
    });
    return out;
  }
}
