package io.hookstream.ingest.catalog;

import io.hookstream.ingest.api.ApiException;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import io.hookstream.model.EventType;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON Schemas of the event catalog (networknt): checked against their meta-schema when an event
 * type is created, compiled once, and applied to every published event's {@code data}. The
 * schema's {@code $schema} picks the draft; 2020-12 when it names none.
 */
public final class EventSchemas {
  private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

  private record Compiled(Object version, JsonSchema schema) {}

  /** Refuses a schema that is not a valid JSON Schema, naming the offending keyword. */
  public static void checkSchema(JsonNode schema) {
    SpecVersion.VersionFlag version = versionOf(schema);
    JsonSchema meta = JsonSchemaFactory.getInstance(version)
        .getSchema(SchemaLocation.of(metaSchemaOf(version)));
    Set<ValidationMessage> problems = meta.validate(schema);
    if (!problems.isEmpty()) {
      ValidationMessage first = first(problems);
      throw new ApiException(400, "invalid_schema", "schema is not a valid JSON Schema: "
          + first.getMessage(), "schema" + path(first));
    }
  }

  /** Refuses {@code data} that breaks the type's schema: 422 naming the field and the rule. */
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
            : new Compiled(version, JsonSchemaFactory.getInstance(versionOf(type.schema()))
                .getSchema(type.schema())));
    Set<ValidationMessage> problems = c.schema().validate(data);
    if (!problems.isEmpty()) {
      ValidationMessage first = first(problems);
      String field = root + path(first);
      throw new ApiException(422, "schema_violation", field + " breaks the schema of "
          + type.name() + ": " + first.getMessage() + " (rule " + first.getSchemaLocation() + ")",
          field, String.valueOf(first.getSchemaLocation()));
    }
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

  private static SpecVersion.VersionFlag versionOf(JsonNode schema) {
    Optional<SpecVersion.VersionFlag> declared = schema.has("$schema")
        ? SpecVersionDetector.detectOptionalVersion(schema, false) : Optional.empty();
    return declared.orElse(SpecVersion.VersionFlag.V202012);
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
