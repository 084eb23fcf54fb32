package io.hookstream.ingest.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What the portal's and the console's pages share: their files (HTML shells, the script and
 * styles under {@code /assets/}, all in this service's jar: no CDN, nothing inline), and the
 * strict policy every page is served with.
 */
public final class Pages {
  /** The header every change from a page carries its session's CSRF token in. */
  public static final String CSRF_HEADER = "X-CSRF-Token";
  /**
   * The header a page names its session kind in ({@code portal} or {@code console}), so an
   * operator holding both cookies keeps each page's own rights.
   */
  public static final String CLIENT_HEADER = "X-Hookstream-Client";

  private Pages() {}

  /** Whether the caller reached this service over HTTPS, itself or through a proxy. */
  public static boolean https(Context ctx) {
    return "https".equals(ctx.header("X-Forwarded-Proto")) || "https".equals(ctx.scheme());
  }

  /**
   * An HttpOnly session cookie for the whole service (the pages call {@code /v1/...}), Secure
   * over HTTPS, living {@code maxAgeSeconds} (0 removes it).
   */
  public static Cookie sessionCookie(Context ctx, String name, String value, int maxAgeSeconds,
      SameSite sameSite) {
    Cookie cookie = new Cookie(name, value);
    cookie.setHttpOnly(true);
    cookie.setPath("/");
    cookie.setMaxAge(maxAgeSeconds);
    cookie.setSecure(https(ctx));
    cookie.setSameSite(sameSite);
    return cookie;
  }

  /** Serves {@code /assets/{file}}: this service's own scripts and styles. */
  public static void registerAssets(Javalin app) {
    app.get("/assets/{file}", Pages::asset);
  }

  private static void asset(Context ctx) {
    String file = ctx.pathParam("file");
    InputStream in = file.matches("[a-z0-9-]+\\.(js|css)")
        ? Pages.class.getResourceAsStream("/web/" + file) : null;
    if (in == null) {
      ctx.status(404).contentType("text/plain").result("no such file");
      return;
    }
    ctx.contentType(file.endsWith(".js") ? "text/javascript; charset=utf-8"
        : "text/css; charset=utf-8").header("X-Content-Type-Options", "nosniff")
        .header("Cache-Control", "no-cache").result(in);
  }

  /**
   * The strict policy: this service's own files only, no inline script or style, framed only by
   * {@code frameAncestors} (none when empty).
   */
  public static void securityHeaders(Context ctx, List<String> frameAncestors) {
    String ancestors = frameAncestors.isEmpty() ? "'none'" : String.join(" ", frameAncestors);
    ctx.header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src"
        + " 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri"
        + " 'none'; frame-ancestors " + ancestors);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
    if (frameAncestors.isEmpty()) {
      ctx.header("X-Frame-Options", "DENY");
    }
  }

  /** Answers the page {@code name} with its {@code {{key}}} placeholders filled, escaped. */
  public static void html(Context ctx, int status, String name, Map<String, String> values,
      List<String> frameAncestors) {
    String html = resource("web/" + name);
    for (Map.Entry<String, String> e : values.entrySet()) {
      html = html.replace("{{" + e.getKey() + "}}", escape(e.getValue()));
    }
    securityHeaders(ctx, frameAncestors);
    ctx.status(status).contentType("text/html; charset=utf-8").result(html);
  }

  /** Text made safe to place in HTML, in an element or a quoted attribute. */
  public static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static String resource(String path) {
    try (InputStream in = Pages.class.getResourceAsStream("/" + path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the ingest service's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
