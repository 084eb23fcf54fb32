package io.hookstream.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.hookstream.model.RawJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The one JSON mapping of Hookstream, for Kafka records and HTTP bodies alike: ISO-8601 instants,
 * absent fields left out, unknown fields ignored (so older readers accept newer records).
 */
public final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .addModule(new SimpleModule("hookstream-instants").addDeserializer(Instant.class,
          new InstantReader()))
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .build();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static byte[] toBytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  public static String toString(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  /** {@code value} serialized once and kept as bytes, e.g. an event's data. */
  public static RawJson raw(Object value) {
    return RawJson.ofTrustedBytes(toBytes(value));
  }

  /** Reads {@code bytes} as a {@code type}; malformed input throws {@link UncheckedIOException}. */
  public static <T> T fromBytes(byte[] bytes, Class<T> type) {
    try {
      return MAPPER.readerFor(type).withAttribute(RawJson.SOURCE_ATTRIBUTE, bytes).readValue(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("malformed " + type.getSimpleName() + " JSON", e);
    }
  }
}
