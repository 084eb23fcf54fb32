package io.hookstream.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times in webhook bodies: UTC to the millisecond, always with three fraction digits, as
 * JavaScript's {@code Date#toISOString} writes them ({@code 2023-06-15T10:30:00.000Z}). Pure.
 */
public final class Timestamps {
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  public static String iso(Instant at) {
    return ISO_MILLIS.format(at);
  }

  /** Writes an {@link Instant} field with {@link #iso}. */
  public static final class Writer extends JsonSerializer<Instant> {
    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeString(iso(value));
    }
  }
}
