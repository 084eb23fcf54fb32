package io.hookstream.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A JSON value kept as its exact UTF-8 bytes. Embedded unescaped in the enclosing record's JSON, and
 * read back as a slice of the input without building a tree, so a webhook body serialized once by
 * the router is POSTed byte for byte by every dispatcher that handles it.
 */
@JsonSerialize(using = RawJson.Writer.class)
@JsonDeserialize(using = RawJson.Reader.class)
public final class RawJson {
  private final byte[] bytes;

  private RawJson(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps bytes that must already be one valid JSON value; they are not copied. */
  public static RawJson ofTrustedBytes(byte[] bytes) {
    return new RawJson(Objects.requireNonNull(bytes, "bytes"));
  }

  /** The bytes, shared: callers must not modify them. */
  public byte[] bytes() {
    return bytes;
  }

  public String asString() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawJson other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "RawJson[" + bytes.length + " bytes]";
  }

  static final class Writer extends JsonSerializer<RawJson> {
    @Override
    public void serialize(RawJson value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeRawValue(value.asString());
    }
  }

  /**
   * The deserialization attribute under which a reader passes the byte array it parses, so the
   * value can be sliced out of it (Jackson no longer exposes the source through locations).
   */
  public static final Object SOURCE_ATTRIBUTE = RawJson.class;

  static final class Reader extends JsonDeserializer<RawJson> {
    @Override
    public RawJson deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonLocation start = p.currentTokenLocation();
      Object source = ctxt.getAttribute(SOURCE_ATTRIBUTE);
      JsonToken first = p.currentToken();
      if (source instanceof byte[] input && start.getByteOffset() >= 0 && first.isStructStart()) {
        int from = (int) start.getByteOffset();
        p.skipChildren();
        int to = (int) p.currentLocation().getByteOffset();
        if (to > from && to <= input.length) {
          return new RawJson(Arrays.copyOfRange(input, from, to));
        }
      }
      // Not reading from a byte array (or a scalar): fall back to a tree and write it again.
      JsonNode tree = ctxt.readTree(p);
      return new RawJson(tree.toString().getBytes(StandardCharsets.UTF_8));
    }
  }
}
