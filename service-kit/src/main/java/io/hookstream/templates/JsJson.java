package io.hookstream.templates;

import com.dashjoin.jsonata.Jsonata;
import io.hookstream.json.CanonicalJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes what a JSONata expression returns as JavaScript's {@code JSON.stringify} would: keys in
 * their order, JavaScript numbers, a key whose value is undefined (or a function) left out, an
 * undefined array item written as {@code null}. Pure.
 */
final class JsJson {
  private JsJson() {}

  /** The bytes of a body: a JSON object or array of at most {@code maxBytes}. */
  static byte[] body(Object value, int maxBytes) {
    if (!(value instanceof Map) && !(value instanceof List)) {
      throw new TemplateException(value == null
          ? "the template produced no value for this event"
          : "the template must produce a JSON object or array, not " + kind(value));
    }
    StringBuilder out = new StringBuilder();
    write(value, out, maxBytes);
    byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
    if (bytes.length > maxBytes) {
      throw tooLarge(maxBytes);
    }
    return bytes;
  }

  private static void write(Object value, StringBuilder out, int maxChars) {
    if (out.length() > maxChars) {
      throw tooLarge(maxChars);
    }
    if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (undefined(e.getValue())) {
          continue;
        }
        if (!first) {
          out.append(',');
        }
        first = false;
        CanonicalJson.string(String.valueOf(e.getKey()), out);
        out.append(':');
        write(e.getValue(), out, maxChars);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        Object item = list.get(i);
        if (undefined(item)) {
          out.append("null");
        } else {
          write(item, out, maxChars);
        }
      }
      out.append(']');
    } else if (value instanceof String s) {
      CanonicalJson.string(s, out);
    } else if (value instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (value instanceof Number n) {
      out.append(number(n));
    } else {
      out.append("null"); // Jsonata.NULL_VALUE
    }
  }

  private static boolean undefined(Object value) {
    return value == null || !(value == Jsonata.NULL_VALUE || value instanceof Map
        || value instanceof List || value instanceof String || value instanceof Number
        || value instanceof Boolean);
  }

  private static String number(Number n) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      long v = n.longValue();
      return Math.abs(v) < (1L << 53) ? Long.toString(v) : CanonicalJson.number((double) v);
    }
    if (n instanceof BigInteger || n instanceof BigDecimal) {
      return CanonicalJson.number(n.doubleValue());
    }
    return CanonicalJson.number(n.doubleValue());
  }

  private static String kind(Object value) {
    return value instanceof String ? "a string" : value instanceof Number ? "a number"
        : value instanceof Boolean ? "a boolean" : value == Jsonata.NULL_VALUE ? "null"
        : "a function";
  }

  private static TemplateException tooLarge(int maxBytes) {
    return new TemplateException("the template's output is larger than " + maxBytes + " bytes");
  }
}
