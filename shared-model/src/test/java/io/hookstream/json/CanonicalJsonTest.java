package io.hookstream.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Expected strings are what node's JSON.stringify(JSON.parse(input)) prints. */
class CanonicalJsonTest {
  @Test
  void writesWhatJsonStringifyWrites() throws Exception {
    assertThat(canonical("{ \"b\" : 1, \"a\" : [ 1 , 2 ] }")).isEqualTo("{\"b\":1,\"a\":[1,2]}");
    assertThat(canonical("{\"price\":12.50,\"n\":1e3,\"big\":1e21,\"small\":1e-7,\"tiny\":0.000001}"))
        .isEqualTo("{\"price\":12.5,\"n\":1000,\"big\":1e+21,\"small\":1e-7,\"tiny\":0.000001}");
    assertThat(canonical("{\"x\":-0.0,\"y\":123456789012345678901234567890,\"z\":-2.5e-8}"))
        .isEqualTo("{\"x\":0,\"y\":1.2345678901234568e+29,\"z\":-2.5e-8}");
    assertThat(canonical("{\"s\":\"caf\\u00e9 \\\"q\\\" \\n\\t\\u0001 \\/ \\ud83d\\ude00\"}"))
        .isEqualTo("{\"s\":\"café \\\"q\\\" \\n\\t\\u0001 / 😀\"}");
    assertThat(canonical("{\"t\":true,\"f\":false,\"n\":null,\"o\":{}}"))
        .isEqualTo("{\"t\":true,\"f\":false,\"n\":null,\"o\":{}}");
  }

  static String canonical(String json) throws Exception {
    return new String(CanonicalJson.toBytes(Json.mapper().readTree(json)), StandardCharsets.UTF_8);
  }
}
