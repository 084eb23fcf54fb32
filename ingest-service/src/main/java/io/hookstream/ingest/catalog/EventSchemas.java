package io.hookstream.ingest.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.SchemaLoader;
import io.hookstream.ingest.api.ApiException;
import io.hookstream.model.EventType;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON Schemas of the event catalog (networknt): checked against their meta-schema when an event
 * type is created, compiled once, and applied to every published event's {@code data}. The
 * schema's {@code $schema} picks the draft; 2020-12 when it names none.
 *
 * <p>Nothing is ever fetched: a tenant-controlled URL must not make the service call out (it
 * would bypass the SSRF guard and hold API threads). Only the schema as given is used, with the
 * standard meta-schemas from the library's own classpath copies; a {@code $ref} must point inside
 * the schema ({@code #...}) and resolve there, or the schema is refused when it is set.
 */
public final class EventSchemas {
  private static final Set<String> REFERENCES = Set.of("$ref", "$dynamicRef", "$recursiveRef");
  /** Refuses every schema location that is not one of the library's own classpath copies. */
  private static final SchemaLoader LOCAL_ONLY = iri -> {
    if (iri.toString().startsWith("classpath:")) {
      return null; // the library's own copy of a standard meta-schema
    }
    throw new IllegalArgumentException("remote schemas are never fetched: " + iri);
  };
  private static final Map<SpecVersion.VersionFlag, JsonSchemaFactory> FACTORIES =
      new EnumMap<>(SpecVersion.VersionFlag.class);

  private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

  private record Compiled(Object version, JsonSchema schema) {}

  /**
   * Refuses a schema that is not a valid JSON Schema, names a draft other than the standard ones,
   * or refers outside itself or to something it does not hold, naming the offending place.
   */
  public static void checkSchema(JsonNode schema) {
    SpecVersion.VersionFlag version = versionOf(schema);
    references(schema, "schema");
    JsonSchema meta = factory(version).getSchema(SchemaLocation.of(metaSchemaOf(version)));
    Set<ValidationMessage> problems = meta.validate(schema);
    if (!problems.isEmpty()) {
      ValidationMessage first = first(problems);
      throw new ApiException(400, "invalid_schema", "schema is not a valid JSON Schema: "
          + first.getMessage(), "schema" + path(first));
    }
    try {
      JsonSchema compiled = factory(version).getSchema(schema);
      compiled.initializeValidators(); // resolves every $ref now, not at the first publish
    } catch (RuntimeException e) {
      throw new ApiException(400, "invalid_schema", "schema cannot be used: "
          + oneLine(e.getMessage()), "schema");
    }
  }

  /** Refuses a data value that breaks the type's schema: 422 naming the field and the rule. */
  public void validate(EventType type, JsonNode data) {
    validate(type, data, "data");
  }

  /** The same for a value named {@code root} in errors, such as an event type's example. */
  public void validate(EventType type, JsonNode data, String root) {
    if (type.schema() == null) {
      return;
    }
    Object version = type.updatedAt() != null ? type.updatedAt() : type.createdAt();
    Compiled c = compiled.compute(type.name(), (name, existing) ->
        existing != null && existing.version().equals(version) ? existing
            : new Compiled(version, factory(versionOf(type.schema())).getSchema(type.schema())));
    Set<ValidationMessage> problems;
    try {
      problems = c.schema().validate(data);
    } catch (RuntimeException e) {
      // A schema stored before references were checked: refuse the event, one line, no fetch.
      throw new ApiException(422, "invalid_schema", "the schema of " + type.name()
          + " cannot be applied: " + oneLine(e.getMessage()), root);
    }
    if (!problems.isEmpty()) {
      ValidationMessage first = first(problems);
      String field = root + path(first);
      throw new ApiException(422, "schema_violation", field + " breaks the schema of "
          + type.name() + ": " + first.getMessage() + " (rule " + first.getSchemaLocation() + ")",
          field, String.valueOf(first.getSchemaLocation()));
    }
  }

  /** Every reference must point inside the schema. */
  private static void references(JsonNode node, String at) {
    if (node.isObject()) {
      node.properties().forEach(e -> {
        String field = at + "." + e.getKey();
        if (REFERENCES.contains(e.getKey())) {
          if (!e.getValue().isTextual() || !e.getValue().textValue().startsWith("#")) {
            throw new ApiException(400, "invalid_schema", field + " must point inside the"
                + " schema (\"#/...\"): remote schemas are never fetched", field);
          }
        } else {
          references(e.getValue(), field);
        }
      });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        references(node.get(i), at + "[" + i + "]");
      }
    }
  }

  private static synchronized JsonSchemaFactory factory(SpecVersion.VersionFlag version) {
    return FACTORIES.computeIfAbsent(version, v -> JsonSchemaFactory.builder(
            JsonSchemaFactory.getInstance(v))
        .schemaLoaders(loaders -> loaders.add(LOCAL_ONLY))
        .build());
  }

  private static ValidationMessage first(Set<ValidationMessage> problems) {
    return problems.stream().min(Comparator.comparing(m -> m.getInstanceLocation().toString()))
        .orElseThrow();
  }

  /** {@code $.a.b[0]} as {@code .a.b[0]}. */
  private static String path(ValidationMessage m) {
    String location = m.getInstanceLocation().toString();
    return location.startsWith("$") ? location.substring(1) : location;
  }

  private static String oneLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    String line = message.lines().findFirst().orElse(message);
    return line.length() > 300 ? line.substring(0, 300) : line;
  }

  private static SpecVersion.VersionFlag versionOf(JsonNode schema) {
    if (!schema.has("$schema")) {
      return SpecVersion.VersionFlag.V202012;
    }
    Optional<SpecVersion.VersionFlag> declared;
    try {
      declared = SpecVersionDetector.detectOptionalVersion(schema, false);
    } catch (RuntimeException e) {
      declared = Optional.empty();
    }
    return declared.orElseThrow(() -> new ApiException(400, "invalid_schema",
        "schema.$schema must name a standard draft (4, 6, 7, 2019-09 or 2020-12)",
        "schema.$schema"));
  }

  private static String metaSchemaOf(SpecVersion.VersionFlag version) {
    return switch (version) {
      case V4 -> SchemaId.V4;
      case V6 -> SchemaId.V6;
      case V7 -> SchemaId.V7;
      case V201909 -> SchemaId.V201909;
      default -> SchemaId.V202012;
    };
  }
}
