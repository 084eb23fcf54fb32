package io.hookstream.ingest.portal;

import static io.hookstream.ingest.IngestFixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.ingest.IngestFixture;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.ApiClient.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Portal links through the HTTP API: a link opens a cookie session for its tenant alone, within
 * its capabilities, with CSRF protection on changes, until it expires or is revoked.
 */
class PortalApiTest {
  static IngestFixture fixture;
  static ApiClient api;
  static final HttpClient HTTP = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() throws Exception {
    fixture = IngestFixture.start();
    api = fixture.api();
    for (String t : new String[] {"acme", "globex"}) {
      assertThat(api.post("/v1/tenants", ADMIN, "{\"id\":\"" + t + "\"}").status()).isEqualTo(201);
    }
    api.post("/v1/event-types", ADMIN, "{\"name\":\"order.created\"}");
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  /** A browser's session: the cookie the link set, the CSRF token the page carries. */
  record Browser(String cookie, String csrf) {}

  @Test
  void aLinkOpensACookieSessionForItsTenantOnly() throws Exception {
    String globexHook = webhook("globex");
    Answer made = api.post("/v1/tenants/acme/portal-sessions", ADMIN, "{}");
    assertThat(made.status()).as(made.raw()).isEqualTo(201);
    assertThat(made.body().get("capabilities")).hasSize(1);
    String url = made.text("url");
    assertThat(url).startsWith("http://127.0.0.1:" + fixture.port() + "/portal/start?token=hsp_");

    HttpResponse<String> opened = get(url, null);
    assertThat(opened.statusCode()).isEqualTo(303);
    assertThat(opened.headers().firstValue("location")).contains("/portal/");
    String setCookie = opened.headers().firstValue("set-cookie").orElseThrow();
    assertThat(setCookie).startsWith("hs_portal=hsp_").contains("HttpOnly").contains("Path=/")
        .contains("SameSite=Lax");
    Browser browser = open(url);

    assertThat(call("GET", "/v1/tenants/acme/webhooks", browser, null, true).statusCode())
        .isEqualTo(200);
    // another tenant's: nothing, as if absent
    assertThat(call("GET", "/v1/tenants/globex/webhooks", browser, null, true).statusCode())
        .isEqualTo(404);
    assertThat(call("GET", "/v1/tenants/globex/webhooks/" + globexHook, browser, null, true)
        .statusCode()).isEqualTo(404);
    assertThat(call("GET", "/v1/tenants/acme/webhooks/" + globexHook, browser, null, true)
        .statusCode()).isEqualTo(404);
    // admin and tenant-settings calls are not the portal's to make
    assertThat(call("POST", "/v1/tenants", browser, "{\"id\":\"evil\"}", true).statusCode())
        .isEqualTo(403);
    assertThat(call("PATCH", "/v1/tenants/acme", browser, "{\"name\":\"x\"}", true)
        .statusCode()).isEqualTo(403);
    assertThat(call("POST", "/v1/tenants/acme/portal-sessions", browser, "{}", true)
        .statusCode()).isEqualTo(403);
    // a view-only session may not change anything
    HttpResponse<String> create = call("POST", "/v1/tenants/acme/webhooks", browser,
        "{\"url\":\"http://127.0.0.1:9/x\",\"events\":[\"*\"]}", true);
    assertThat(create.statusCode()).isEqualTo(403);
    assertThat(create.body()).contains("manage-endpoints");
  }

  @Test
  void changesNeedTheCapabilityAndTheCsrfToken() throws Exception {
    Browser browser = open(link("acme", "[\"manage-endpoints\"]"));
    String body = "{\"url\":\"http://127.0.0.1:9/portal\",\"events\":[\"order.*\"]}";
    HttpResponse<String> noCsrf = call("POST", "/v1/tenants/acme/webhooks", browser, body, false);
    assertThat(noCsrf.statusCode()).isEqualTo(403);
    assertThat(noCsrf.body()).contains("X-CSRF-Token");
    HttpResponse<String> wrongCsrf = call("POST", "/v1/tenants/acme/webhooks",
        new Browser(browser.cookie(), "x" + browser.csrf()), body, true);
    assertThat(wrongCsrf.statusCode()).isEqualTo(403);
    HttpResponse<String> made = call("POST", "/v1/tenants/acme/webhooks", browser, body, true);
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    String id = field(made.body(), "id");
    // without view-secrets the secret stays hidden; test sends and replays need theirs too
    assertThat(call("GET", "/v1/tenants/acme/webhooks/" + id + "/secret", browser, null, true)
        .statusCode()).isEqualTo(403);
    assertThat(call("POST", "/v1/tenants/acme/webhooks/" + id + "/test", browser, "{}", true)
        .statusCode()).isEqualTo(403);
    assertThat(call("POST", "/v1/tenants/acme/webhooks/" + id + "/replay", browser,
        "{\"since\":\"2026-01-01T00:00:00Z\"}", true).statusCode()).isEqualTo(403);
    assertThat(call("DELETE", "/v1/tenants/acme/webhooks/" + id, browser, null, true)
        .statusCode()).isEqualTo(204);
  }

  @Test
  void viewSecretsRevealsTheSecretTheWebhookSignsWith() throws Exception {
    Answer made = api.post("/v1/tenants/acme/webhooks", ADMIN,
        "{\"url\":\"http://127.0.0.1:9/secret\",\"events\":[\"*\"]}");
    String id = made.text("id");
    Browser browser = open(link("acme", "[\"view-secrets\"]"));
    HttpResponse<String> shown = call("GET", "/v1/tenants/acme/webhooks/" + id + "/secret",
        browser, null, true);
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(field(shown.body(), "secret")).isEqualTo(made.text("secret"));
    assertThat(shown.headers().firstValue("cache-control")).contains("no-store");
  }

  @Test
  void aRevokedLinkAndItsCookieAreRefused() throws Exception {
    Answer made = api.post("/v1/tenants/acme/portal-sessions", ADMIN, "{}");
    Browser browser = open(made.text("url"));
    assertThat(api.delete("/v1/tenants/acme/portal-sessions/" + made.text("id"), ADMIN)
        .status()).isEqualTo(204);
    assertThat(get(made.text("url"), null).statusCode()).isEqualTo(401);
    assertThat(get(base() + "/portal/", browser.cookie()).statusCode()).isEqualTo(401);
    HttpResponse<String> api = call("GET", "/v1/tenants/acme/webhooks", browser, null, true);
    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(api.body()).contains("portal_session_invalid");
    // another tenant cannot revoke it: its id under globex changes nothing for acme
    Answer other = PortalApiTest.api.post("/v1/tenants/acme/portal-sessions", ADMIN, "{}");
    Browser still = open(other.text("url"));
    assertThat(PortalApiTest.api.delete("/v1/tenants/globex/portal-sessions/" + other.text("id"),
        ADMIN).status()).isEqualTo(204);
    assertThat(call("GET", "/v1/tenants/acme/webhooks", still, null, true).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aForgedOrGarbledLinkIsRefused() throws Exception {
    String url = link("acme", "[]");
    assertThat(get(url.substring(0, url.length() - 3) + "abc", null).statusCode()).isEqualTo(401);
    assertThat(get(base() + "/portal/start?token=hsp_x.y", null).statusCode()).isEqualTo(401);
    assertThat(get(base() + "/portal/start", null).statusCode()).isEqualTo(401);
    assertThat(get(base() + "/portal/", "hs_portal=nonsense").statusCode()).isEqualTo(401);
  }

  @Test
  void badRequestsForLinksAreRefusedWithTheField() {
    Answer unknown = api.post("/v1/tenants/acme/portal-sessions", ADMIN,
        "{\"capabilities\":[\"admin\"]}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.error("field")).isEqualTo("capabilities");
    Answer tooLong = api.post("/v1/tenants/acme/portal-sessions", ADMIN,
        "{\"expiresIn\":604801}");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.error("field")).isEqualTo("expiresIn");
    assertThat(api.post("/v1/tenants/acme/portal-sessions", ADMIN, "{\"expiresIn\":604800}")
        .status()).isEqualTo(201);
    assertThat(api.post("/v1/tenants/acme/portal-sessions", ADMIN, "{\"expiresIn\":9}")
        .error("field")).isEqualTo("expiresIn");
    assertThat(api.post("/v1/tenants/acme/portal-sessions", ADMIN, "{\"expiresIn\":\"8d\"}")
        .error("field")).isEqualTo("expiresIn");
    assertThat(api.post("/v1/tenants/acme/portal-sessions", ADMIN, "{\"expiresIn\":\"soon\"}")
        .error("field")).isEqualTo("expiresIn");
    Answer twoHours = api.post("/v1/tenants/acme/portal-sessions", ADMIN,
        "{\"expiresIn\":\"2h\"}");
    assertThat(twoHours.status()).isEqualTo(201);
    assertThat(java.time.Duration.between(java.time.Instant.now(),
        java.time.Instant.parse(twoHours.text("expiresAt"))).toMinutes()).isBetween(118L, 120L);
    assertThat(api.delete("/v1/tenants/acme/portal-sessions/nope", ADMIN).status())
        .isEqualTo(404);
  }

  @Test
  void thePageHasAStrictPolicyFramedOnlyByTheTenantsOrigins() throws Exception {
    Browser browser = open(link("acme", "[]"));
    HttpResponse<String> page = get(base() + "/portal/", browser.cookie());
    assertThat(page.statusCode()).isEqualTo(200);
    String csp = page.headers().firstValue("content-security-policy").orElseThrow();
    assertThat(csp).contains("default-src 'none'").contains("script-src 'self'")
        .contains("frame-ancestors 'none'").doesNotContain("unsafe");
    assertThat(page.headers().firstValue("x-frame-options")).contains("DENY");
    assertThat(page.body()).doesNotContain("hsp_");

    Answer bad = api.patch("/v1/tenants/acme", ADMIN,
        "{\"portalOrigins\":[\"https://app.example.com/settings\"]}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.error("field")).isEqualTo("portalOrigins");
    Answer set = api.patch("/v1/tenants/acme", ADMIN,
        "{\"portalOrigins\":[\"https://app.example.com\",\"http://localhost:3000\"]}");
    assertThat(set.status()).as(set.raw()).isEqualTo(200);
    String framed = get(base() + "/portal/", browser.cookie()).headers()
        .firstValue("content-security-policy").orElseThrow();
    assertThat(framed).endsWith("frame-ancestors https://app.example.com http://localhost:3000");
    assertThat(api.patch("/v1/tenants/acme", ADMIN, "{\"portalOrigins\":null}").status())
        .isEqualTo(200);
  }

  static String webhook(String tenant) {
    Answer a = api.post("/v1/tenants/" + tenant + "/webhooks", ADMIN,
        "{\"url\":\"http://127.0.0.1:9/" + tenant + "\",\"events\":[\"*\"]}");
    assertThat(a.status()).as(a.raw()).isEqualTo(201);
    return a.text("id");
  }

  static String link(String tenant, String capabilities) {
    Answer a = api.post("/v1/tenants/" + tenant + "/portal-sessions", ADMIN,
        "{\"capabilities\":" + capabilities + "}");
    assertThat(a.status()).as(a.raw()).isEqualTo(201);
    return a.text("url");
  }

  /** Opens the link as a browser does: the cookie it sets, then the page and its CSRF token. */
  static Browser open(String url) throws Exception {
    HttpResponse<String> opened = get(url, null);
    assertThat(opened.statusCode()).isEqualTo(303);
    String cookie = opened.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
    HttpResponse<String> page = get(base() + "/portal/", cookie);
    assertThat(page.statusCode()).isEqualTo(200);
    Matcher m = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(page.body());
    assertThat(m.find()).isTrue();
    return new Browser(cookie, m.group(1));
  }

  static HttpResponse<String> call(String method, String path, Browser browser, String body,
      boolean withCsrf) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
        .timeout(Duration.ofSeconds(30)).header("cookie", browser.cookie())
        .header("content-type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (withCsrf) {
      b.header(io.hookstream.ingest.web.Pages.CSRF_HEADER, browser.csrf());
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String url, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (cookie != null) {
      b.header("cookie", cookie);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String base() {
    return "http://127.0.0.1:" + fixture.port();
  }

  static String field(String json, String name) throws Exception {
    return io.hookstream.json.Json.mapper().readTree(json).path(name).asText();
  }
}
