package io.hookstream.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON exactly as JavaScript's {@code JSON.stringify(JSON.parse(text))} would: no
 * whitespace, keys in their order, numbers in JavaScript's shortest form ({@code 12.5},
 * {@code 1000}, {@code 1e+21}), strings escaped as JavaScript escapes them. Event data accepted
 * by the API is written this way, so receivers that verify a signature over a re-serialized body
 * (as the real-estate seed's Express middleware does) get the bytes that were signed.
 */
public final class CanonicalJson {
  private static final BigDecimal PLAIN_MAX = new BigDecimal("1e21");
  private static final BigDecimal PLAIN_MIN = new BigDecimal("1e-6");

  /**
   * The record header that says an event's data and metadata are already in this form (the API
   * and the Java client write them so); the router rewrites events without it.
   */
  public static final String HEADER = "hookstream-json";
  private static final byte[] HEADER_VALUE = "js".getBytes(StandardCharsets.US_ASCII);

  private CanonicalJson() {}

  /** Marks a record's value as written in this form. */
  public static void mark(org.apache.kafka.common.header.Headers headers) {
    headers.add(HEADER, HEADER_VALUE);
  }

  public static boolean marked(org.apache.kafka.common.header.Headers headers) {
    org.apache.kafka.common.header.Header h = headers.lastHeader(HEADER);
    return h != null && java.util.Arrays.equals(h.value(), HEADER_VALUE);
  }

  /** {@code raw} in this form: parsed and written again. */
  public static byte[] rewrite(byte[] raw) {
    return toBytes(io.hookstream.json.Json.fromBytes(raw,
        com.fasterxml.jackson.databind.JsonNode.class));
  }

  public static byte[] toBytes(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        out.append('{');
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        boolean first = true;
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> e = fields.next();
          if (!first) {
            out.append(',');
          }
          first = false;
          string(e.getKey(), out);
          out.append(':');
          write(e.getValue(), out);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(node.get(i), out);
        }
        out.append(']');
      }
      case STRING -> string(node.textValue(), out);
      case NUMBER -> out.append(number(node));
      case BOOLEAN -> out.append(node.booleanValue());
      default -> out.append("null");
    }
  }

  /** A number as JavaScript prints the double it parses to. */
  static String number(JsonNode node) {
    if (node.isIntegralNumber() && node.canConvertToLong()
        && Math.abs(node.longValue()) < (1L << 53)) {
      return Long.toString(node.longValue());
    }
    return number(node.doubleValue());
  }

  /** A double as JavaScript's {@code String(d)} prints it; NaN and infinities as null. */
  public static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return "null";
    }
    if (d == 0) {
      return "0";
    }
    BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    BigDecimal abs = shortest.abs();
    if (abs.compareTo(PLAIN_MAX) < 0 && abs.compareTo(PLAIN_MIN) >= 0) {
      return shortest.toPlainString();
    }
    // JavaScript's exponent form: 1e+21, 1.5e-7.
    String digits = shortest.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - shortest.scale();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (shortest.signum() < 0 ? "-" : "") + mantissa + "e" + (exponent >= 0 ? "+" : "") + exponent;
  }

  /** A string as JavaScript's {@code JSON.stringify} writes it, quotes included. */
  public static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || Character.isSurrogate(c) && !pairedSurrogate(s, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean pairedSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
