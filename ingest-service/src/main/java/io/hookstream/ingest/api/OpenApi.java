package io.hookstream.ingest.api;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the API's OpenAPI 3.1 description, kept beside the code and checked
 * by a test that every route is in it.
 */
final class OpenApi {
  static final String RESOURCE = "/openapi.json";

  private OpenApi() {}

  static byte[] document() {
    try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the build");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void register(Javalin app) {
    byte[] doc = document();
    app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(doc));
  }
}
