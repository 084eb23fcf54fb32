package io.hookstream.standalone;

import static io.hookstream.standalone.StandaloneFixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.testkit.ApiClient;
import io.hookstream.testkit.ScriptedReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The operator console and the tenant portal in real headless Chromium, against the standalone:
 * what an operator and a tenant's user do in the browser, and what an attacker tries.
 */
class ConsoleBrowserTest {
  static StandaloneFixture hookstream;
  static ApiClient api;
  static ScriptedReceiver receiver;
  static Browser browser;
  static String base;
  static final AtomicInteger TENANTS = new AtomicInteger();

  @BeforeAll
  static void start() {
    receiver = new ScriptedReceiver();
    hookstream = new StandaloneFixture(Map.of("HOOKSTREAM_RETRY_SCHEDULE", "1s"));
    api = hookstream.api;
    base = "http://127.0.0.1:" + hookstream.standalone.httpPort();
    assertThat(api.post("/v1/event-types", ADMIN, "{\"name\":\"order.created\",\"title\":"
        + "\"Order created\",\"description\":\"An order was placed\",\"schema\":{\"type\":"
        + "\"object\",\"properties\":{\"orderId\":{\"type\":\"string\"}}},\"example\":"
        + "{\"orderId\":\"o-example-1\",\"total\":42.5}}").status()).isEqualTo(201);
    browser = new Browser();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    hookstream.close();
    receiver.close();
  }

  @BeforeEach
  void freshSession() {
    browser.driver.manage().window().setSize(new Dimension(1280, 1000));
    browser.driver.get(base + "/assets/web.css");
    browser.driver.manage().deleteAllCookies();
  }

  @Test
  void theOperatorCreatesATenantAndAnEventTypeAndOpensItsPortal() {
    browser.driver.get(base + "/console");
    browser.visible(By.id("token"));
    assertAccessible("console sign-in");
    browser.screenshot("console-signin");
    browser.type("Admin token", "not-the-token");
    browser.click(By.xpath("//button[.='Sign in']"));
    assertThat(browser.visible(By.id("message")).getText()).contains("not the admin token");
    browser.type("Admin token", ADMIN);
    browser.click(By.xpath("//button[.='Sign in']"));
    browser.heading("Pipeline");
    browser.await().until(d -> d.findElement(By.id("rate")).getText().matches("[0-9.]+"));
    browser.screenshot("console-pipeline");
    assertAccessible("console pipeline");

    browser.click(By.linkText("Tenants"));
    browser.heading("Tenants");
    String tenant = "shop" + TENANTS.incrementAndGet();
    browser.type("Tenant id", tenant);
    browser.type("Name", "Shop & Co");
    browser.click(By.xpath("//button[.='Create tenant']"));
    browser.visible(By.xpath("//*[contains(., 'Tenant " + tenant + " created')]"));
    browser.visible(By.linkText(tenant));
    assertAccessible("console tenants");
    browser.screenshot("console-tenants");

    browser.click(By.linkText("Event catalog"));
    browser.heading("Event catalog");
    browser.type("Name", "invoice.paid");
    browser.type("Title", "Invoice paid");
    browser.type("Description", "An invoice was paid in full");
    browser.type("Schema (JSON Schema)", "{\"type\":\"object\",\"required\":[\"invoiceId\"]}");
    browser.type("Example data (JSON)", "{\"invoiceId\":\"inv-1\",\"amount\":99}");
    browser.click(By.xpath("//button[.='Add event type']"));
    browser.visible(By.xpath("//*[contains(., 'Saved invoice.paid.')]"));
    assertThat(api.get("/v1/event-types/invoice.paid", ADMIN).text("title"))
        .isEqualTo("Invoice paid");
    assertAccessible("console catalog");
    browser.screenshot("console-catalog");

    browser.click(By.linkText("Tenants"));
    browser.click(By.linkText(tenant));
    browser.heading("Tenant " + tenant);
    browser.type("Default retry schedule", "10s, 1m");
    browser.click(By.xpath("//button[.='Save']"));
    browser.visible(By.xpath("//*[contains(., 'Saved.')]"));
    assertThat(api.get("/v1/tenants/" + tenant, ADMIN).body().get("retrySchedule").toString())
        .isEqualTo("[\"10s\",\"1m\"]");
    browser.screenshot("console-tenant");
    browser.click(By.xpath("//button[.=\"Open the tenant's portal\"]"));
    String link = browser.visible(By.id("portal-link")).getAttribute("href");
    assertThat(link).contains("/portal/start?token=hsp_");
    browser.driver.get(link);
    browser.heading("Endpoints");
    assertThat(browser.driver.getCurrentUrl()).doesNotContain("token");
    assertThat(browser.driver.findElements(By.linkText("New endpoint"))).hasSize(1);
    browser.screenshot("portal-endpoints");
    browser.click(By.linkText("Event catalog"));
    browser.heading("Event catalog");
    assertThat(browser.driver.findElement(By.cssSelector("main")).getText())
        .contains("invoice.paid").contains("Invoice paid").contains("inv-1");
    assertAccessible("portal catalog");
    browser.screenshot("portal-catalog");
  }

  @Test
  void inThePortalAUserCreatesAnEndpointSeesThePreviewAndSendsATest() {
    String tenant = tenant();
    openPortal(tenant, "[\"manage-endpoints\",\"send-tests\",\"view-secrets\",\"replay\"]");
    assertAccessible("portal endpoints");
    browser.click(By.linkText("New endpoint"));
    browser.heading("New endpoint");
    browser.type("URL", receiver.url("/created"));
    browser.type("Name", "Orders to the shop");
    browser.click(By.id("ev-order_created"));
    browser.await().until(ExpectedConditions.textToBePresentInElementLocated(
        By.id("preview-body"), "o-example-1"));
    assertThat(browser.driver.findElement(By.id("preview-headers")).getText())
        .contains("webhook-signature: v1,").contains("content-type: application/json");
    assertAccessible("portal endpoint form");
    browser.screenshot("portal-new-endpoint");
    browser.click(By.xpath("//button[.='Create endpoint']"));
    browser.heading("Endpoint created");
    assertThat(browser.visible(By.id("secret-value")).getText()).startsWith("whsec_");
    browser.click(By.linkText("Open the endpoint"));
    browser.heading("Orders to the shop");
    new Select(browser.field("Event type")).selectByValue("order.created");
    assertThat(browser.field("Event data (JSON)").getAttribute("value")).contains("o-example-1");
    browser.click(By.xpath("//button[.='Send test event']"));
    browser.await().until(ExpectedConditions.textToBePresentInElementLocated(
        By.id("test-result"), "200"));
    assertThat(receiver.requests("/created")).hasSize(1);
    assertAccessible("portal endpoint");
    browser.screenshot("portal-endpoint");
  }

  @Test
  void aFailingEndpointShowsItsStatusCodesAndARetryAfterHealingDeliversIt() {
    String tenant = tenant();
    receiver.otherwise("/flaky-" + tenant, r -> new MockResponse().setResponseCode(503));
    assertThat(api.post("/v1/tenants/" + tenant + "/webhooks", ADMIN, "{\"url\":\""
        + receiver.url("/flaky-" + tenant) + "\",\"events\":[\"order.*\"]}").status())
        .isEqualTo(201);
    assertThat(api.post("/v1/tenants/" + tenant + "/events", ADMIN,
        "{\"type\":\"order.created\",\"data\":{\"orderId\":\"o-77\"}}").status()).isEqualTo(202);
    openPortal(tenant, "[\"replay\"]");
    browser.click(By.linkText("Delivery log"));
    browser.heading("Delivery log");
    new Select(browser.field("Status")).selectByValue("failed");
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
      browser.click(By.xpath("//button[.='Show']"));
      return !browser.driver.findElements(By.xpath("//tr[@class='delivery']//span[.='failed']"))
          .isEmpty();
    });
    browser.click(By.xpath("//tr[@class='delivery']//button[.='Attempts']"));
    WebElement timeline = browser.visible(By.cssSelector("ol.timeline"));
    assertThat(timeline.getText()).contains("Attempt 1").contains("Attempt 2")
        .contains("status 503").contains("dead lettered");
    assertAccessible("portal delivery log");
    browser.screenshot("portal-delivery-log");

    receiver.otherwise("/flaky-" + tenant, r -> new MockResponse().setResponseCode(200));
    browser.click(By.xpath("//button[.='Retry this delivery']"));
    browser.visible(By.xpath("//*[contains(., 'Queued')]"));
    new Select(browser.field("Status")).selectByValue("succeeded");
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
      browser.click(By.xpath("//button[.='Show']"));
      return !browser.driver.findElements(
          By.xpath("//tr[@class='delivery']//span[.='succeeded']")).isEmpty();
    });
    browser.click(By.xpath("//tr[@class='delivery']//button[.='Attempts']"));
    assertThat(browser.visible(By.cssSelector("ol.timeline")).getText()).contains("Attempt 3")
        .contains("status 200");
  }

  @Test
  void aHaltedFifoEndpointShowsItsOrderAndResumesFromThePortal() {
    String tenant = tenant();
    String path = "/fifo-" + tenant;
    receiver.otherwise(path, r -> new MockResponse().setResponseCode(500));
    ApiClient.Answer made = api.post("/v1/tenants/" + tenant + "/webhooks", ADMIN, "{\"url\":\""
        + receiver.url(path) + "\",\"events\":[\"order.*\"],\"ordering\":\"fifo\","
        + "\"onExhausted\":\"halt\",\"retrySchedule\":[]}");
    assertThat(made.status()).as(made.raw()).isEqualTo(201);
    String hook = "/v1/tenants/" + tenant + "/webhooks/" + made.text("id");
    for (int i = 0; i < 3; i++) {
      assertThat(api.post("/v1/tenants/" + tenant + "/events", ADMIN,
          "{\"type\":\"order.created\",\"data\":{\"n\":" + i + "}}").status()).isEqualTo(202);
    }
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
      JsonNode state = api.get(hook, ADMIN).body().path("orderingState");
      return state.path("halted").asBoolean() && state.path("backlog").asInt() == 3;
    });

    openPortal(tenant, "[\"manage-endpoints\"]");
    browser.driver.get(base + "/portal/#/endpoints/" + made.text("id"));
    assertThat(browser.visible(By.id("ordering-state")).getText())
        .contains("FIFO, halts").contains("head #1").contains("3 waiting");
    assertThat(browser.visible(By.xpath("//dd/span[starts-with(., 'Halted')]")).getText())
        .contains("HTTP 500");
    assertAccessible("portal FIFO endpoint");
    browser.screenshot("portal-fifo-halted");

    receiver.otherwise(path, r -> new MockResponse().setResponseCode(200));
    browser.click(By.id("resume"));
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
        receiver.requests(path).size() == 4);
    assertThat(receiver.requests(path).stream().map(r -> r.getHeader("webhook-sequence")))
        .containsExactly("1", "1", "2", "3");
    browser.await().until(ExpectedConditions.invisibilityOfElementLocated(By.id("resume")));
  }

  @Test
  void failedDeliveriesSinceATimeAreCountedThenRecovered() {
    String tenant = tenant();
    String path = "/recover-" + tenant;
    receiver.otherwise(path, r -> new MockResponse().setResponseCode(500));
    String hook = api.post("/v1/tenants/" + tenant + "/webhooks", ADMIN, "{\"url\":\""
        + receiver.url(path) + "\",\"events\":[\"order.*\"],\"name\":\"Recovering\"}")
        .text("id");
    for (int i = 0; i < 2; i++) {
      api.post("/v1/tenants/" + tenant + "/events", ADMIN,
          "{\"type\":\"order.created\",\"data\":{\"n\":" + i + "}}");
    }
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/v1/tenants/" + tenant
        + "/webhooks/" + hook + "/deliveries?status=failed", ADMIN).body().path("data").size() == 2);
    receiver.otherwise(path, r -> new MockResponse().setResponseCode(200));
    openPortal(tenant, "[\"replay\"]");
    browser.click(By.linkText("Recovering"));
    browser.heading("Recovering");
    WebElement since = browser.field("Failed since");
    browser.script("arguments[0].value = arguments[1];", since, java.time.LocalDateTime.now()
        .minusHours(1).withSecond(0).withNano(0).toString());
    browser.click(By.xpath("//button[.='Preview']"));
    assertThat(browser.visible(By.id("recover-preview")).getText())
        .isEqualTo("2 failed deliveries since then will be sent again.");
    assertThat(receiver.requests(path)).hasSize(4);
    browser.click(By.xpath("//button[.='Send them']"));
    browser.visible(By.xpath("//*[contains(., '2 deliveries queued')]"));
    Awaitility.await().atMost(Duration.ofSeconds(60))
        .until(() -> receiver.requests(path).size() == 6);
    assertThat(browser.driver.findElement(By.id("snippet")).getText())
        .contains("new Webhook(process.env.WEBHOOK_SECRET)");
    browser.click(By.xpath("//button[@role='tab' and .='PHP']"));
    assertThat(browser.driver.findElement(By.id("snippet")).getText())
        .contains("StandardWebhooks\\Webhook");
  }

  @Test
  void theOperatorSeesFailingEndpointsAcrossTenantsReplaysADeadLetterAndRotatesAKey() {
    String tenant = tenant();
    String path = "/down-" + tenant;
    receiver.otherwise(path, r -> new MockResponse().setResponseCode(503));
    api.post("/v1/tenants/" + tenant + "/webhooks", ADMIN, "{\"url\":\"" + receiver.url(path)
        + "\",\"events\":[\"order.*\"],\"name\":\"Down " + tenant + "\"}");
    api.post("/v1/tenants/" + tenant + "/events", ADMIN,
        "{\"type\":\"order.created\",\"data\":{\"orderId\":\"o-dead\"}}");
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> receiver.requests(path).size() == 2);
    signIn();
    browser.click(By.linkText("Endpoints"));
    browser.heading("Endpoints");
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
      browser.driver.navigate().refresh();
      browser.heading("Endpoints");
      return browser.driver.findElement(By.cssSelector("main")).getText()
          .contains("Down " + tenant);
    });
    assertAccessible("console endpoints");
    browser.screenshot("console-endpoints");
    browser.click(By.linkText("Dead letters"));
    browser.heading("Dead letters");
    WebElement row = browser.visible(By.xpath("//tr[td[.='" + tenant + "']]"));
    assertThat(row.getText()).contains("answered 503").contains("order.created");
    browser.screenshot("console-dead-letters");
    assertAccessible("console dead letters");
    receiver.otherwise(path, r -> new MockResponse().setResponseCode(200));
    row.findElement(By.xpath(".//button[.='Replay']")).click();
    browser.visible(By.xpath("//tr[td[.='" + tenant + "']]//*[contains(., 'Queued.')]"));
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> receiver.requests(path).size() == 3);

    browser.driver.get(base + "/console#/tenants/" + tenant);
    browser.heading("Tenant " + tenant);
    browser.click(By.xpath("//button[.='Rotate API key']"));
    browser.await().until(ExpectedConditions.alertIsPresent()).accept();
    String key = browser.visible(By.xpath("//main//code[starts-with(., 'hsk_')]")).getText();
    assertThat(api.get("/v1/tenants/" + tenant + "/webhooks", key).status()).isEqualTo(200);
  }

  @Test
  void thePortalIsUsableFromTheKeyboard() {
    String tenant = tenant();
    openPortal(tenant, "[\"manage-endpoints\"]");
    org.openqa.selenium.interactions.Actions keys = new org.openqa.selenium.interactions.Actions(
        browser.driver);
    for (int i = 0; i < 10 && !"New endpoint".equals(browser.driver.switchTo().activeElement()
        .getText()); i++) {
      keys.sendKeys(org.openqa.selenium.Keys.TAB).perform();
    }
    assertThat(browser.driver.switchTo().activeElement().getText()).isEqualTo("New endpoint");
    keys.sendKeys(org.openqa.selenium.Keys.ENTER).perform();
    browser.heading("New endpoint");
    keys.sendKeys(org.openqa.selenium.Keys.TAB).perform();
    keys.sendKeys("https://example.com/kb").perform();
    assertThat(browser.field("URL").getAttribute("value")).isEqualTo("https://example.com/kb");
  }

  @Test
  void secretsAreRevealedAndRotated() {
    String tenant = tenant();
    String secret = api.post("/v1/tenants/" + tenant + "/webhooks", ADMIN, "{\"url\":\""
        + receiver.url("/secrets") + "\",\"events\":[\"*\"],\"name\":\"Signed\"}").text("secret");
    openPortal(tenant, "[\"view-secrets\",\"manage-endpoints\"]");
    browser.click(By.linkText("Signed"));
    browser.heading("Signed");
    browser.click(By.xpath("//button[.='Reveal secret']"));
    assertThat(browser.visible(By.id("secret-value")).getText()).isEqualTo(secret);
    // the user sets the new secret, as in Propstack's "Secret Key" field
    String own = io.hookstream.signing.WebhookSecrets.generate();
    browser.type("New secret when rotating", own);
    browser.click(By.xpath("//button[.='Rotate secret']"));
    browser.await().until(ExpectedConditions.alertIsPresent()).accept();
    browser.await().until(d -> !d.findElement(By.id("secret-value")).getText().equals(secret));
    String rotated = browser.driver.findElement(By.id("secret-value")).getText();
    assertThat(rotated).isEqualTo(own);
    browser.click(By.xpath("//button[.='Reveal secret']"));
    browser.await().until(ExpectedConditions.textToBe(By.id("secret-value"), rotated));
    assertThat(browser.driver.findElement(By.cssSelector("main")).getText())
        .contains("1 previous secret(s) still sign until");
  }

  @Test
  void aViewOnlySessionIsNotOfferedWhatItMayNotDo() {
    String tenant = tenant();
    api.post("/v1/tenants/" + tenant + "/webhooks", ADMIN, "{\"url\":\""
        + receiver.url("/view") + "\",\"events\":[\"*\"],\"name\":\"Watched\"}");
    openPortal(tenant, "[]");
    assertThat(browser.driver.findElements(By.linkText("New endpoint"))).isEmpty();
    browser.click(By.linkText("Watched"));
    browser.heading("Watched");
    String page = browser.driver.findElement(By.cssSelector("main")).getText();
    assertThat(page).doesNotContain("Reveal secret").doesNotContain("Rotate secret")
        .doesNotContain("Send a test event").doesNotContain("Recover").doesNotContain("Delete")
        .contains("Your session cannot reveal or rotate the secret.").contains("Verify the signature");
  }

  @Test
  void aRevokedLinkIsRefused() {
    String tenant = tenant();
    ApiClient.Answer made = api.post("/v1/tenants/" + tenant + "/portal-sessions", ADMIN, "{}");
    browser.driver.get(made.text("url"));
    browser.heading("Endpoints");
    assertThat(api.delete("/v1/tenants/" + tenant + "/portal-sessions/" + made.text("id"), ADMIN)
        .status()).isEqualTo(204);
    browser.driver.navigate().refresh();
    browser.await().until(ExpectedConditions.textToBe(By.tagName("h1"),
        "This link has expired or was revoked"));
    browser.driver.get(made.text("url"));
    browser.await().until(ExpectedConditions.textToBe(By.tagName("h1"),
        "This link has expired or was revoked"));
    assertAccessible("portal refused");
  }

  @Test
  void anExpiredLinkIsRefused() {
    String tenant = tenant();
    ApiClient.Answer made = api.post("/v1/tenants/" + tenant + "/portal-sessions", ADMIN,
        "{\"expiresIn\":10}");
    assertThat(made.status()).as(made.raw()).isEqualTo(201);
    browser.driver.get(made.text("url"));
    browser.heading("Endpoints");
    Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
        .until(() -> {
          browser.driver.get(made.text("url"));
          return browser.driver.findElements(By.tagName("h1")).stream().anyMatch(h ->
              h.getText().equals("This link has expired or was revoked"));
        });
    browser.screenshot("portal-refused");
    Object status = ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeAsyncScript(
        "fetch('/v1/tenants/" + tenant + "/webhooks', {credentials: 'same-origin'})"
            + ".then(r => arguments[0](r.status));");
    assertThat(((Number) status).intValue()).isEqualTo(401);
  }

  @Test
  void aSessionOfOneTenantGetsNothingOfAnother() {
    String mine = tenant();
    String theirs = tenant();
    String theirHook = api.post("/v1/tenants/" + theirs + "/webhooks", ADMIN, "{\"url\":\""
        + receiver.url("/theirs") + "\",\"events\":[\"*\"]}").text("id");
    openPortal(mine, "[\"manage-endpoints\",\"view-secrets\",\"replay\"]");
    browser.driver.get(base + "/portal/#/endpoints/" + theirHook);
    browser.visible(By.cssSelector(".notice.error"));
    for (String path : List.of("/v1/tenants/" + theirs + "/webhooks",
        "/v1/tenants/" + theirs + "/webhooks/" + theirHook + "/secret",
        "/v1/tenants/" + mine + "/webhooks/" + theirHook,
        "/v1/tenants/" + theirs + "/deliveries")) {
      Object status = ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeAsyncScript(
          "fetch(arguments[0], {credentials: 'same-origin', headers: {'X-Hookstream-Client':"
              + " 'portal'}}).then(r => arguments[1](r.status));", path);
      assertThat(((Number) status).intValue()).as(path).isEqualTo(404);
    }
  }

  @Test
  void markupInNamesEventDataAndTheCatalogRendersAsText() {
    String tenant = tenant();
    String name = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">";
    assertThat(api.post("/v1/tenants/" + tenant + "/webhooks", ADMIN, "{\"url\":\""
        + receiver.url("/xss") + "\",\"events\":[\"*\"],\"name\":"
        + io.hookstream.json.Json.toString(name) + "}").status()).isEqualTo(201);
    String data = "<img src=x onerror=window.__xss=3>";
    assertThat(api.post("/v1/tenants/" + tenant + "/events", ADMIN,
        "{\"type\":\"order.created\",\"data\":{\"note\":" + io.hookstream.json.Json.toString(data)
            + "}}").status()).isEqualTo(202);
    openPortal(tenant, "[\"manage-endpoints\",\"replay\"]");
    browser.visible(By.xpath("//a[contains(., 'window.__xss=1')]"));
    assertThat(browser.driver.findElement(By.cssSelector("main")).getText()).contains(name);
    browser.click(By.partialLinkText("window.__xss=1"));
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
      browser.driver.navigate().refresh();
      return !browser.driver.findElements(By.cssSelector("tr.delivery")).isEmpty();
    });
    browser.click(By.xpath("//tr[@class='delivery']//button[.='Attempts']"));
    browser.click(By.linkText("Edit"));
    browser.await().until(ExpectedConditions.textToBePresentInElementLocated(
        By.id("preview-body"), "o-example-1"));
    browser.type("Template (JSONata)", "{\"html\": \"" + data + "\"}");
    browser.await().until(ExpectedConditions.textToBePresentInElementLocated(
        By.id("preview-body"), "onerror=window.__xss=3"));
    assertThat(browser.script("return typeof window.__xss")).isEqualTo("undefined");
    assertThat(browser.driver.findElements(By.cssSelector("main img, main script"))).isEmpty();
  }

  @Test
  void thePortalIsFramedOnlyByTheTenantsOriginsUnderAStrictPolicy() throws Exception {
    String tenant = tenant();
    String link = api.post("/v1/tenants/" + tenant + "/portal-sessions", ADMIN, "{}").text("url")
        .replace("127.0.0.1", "localhost");
    try (MockWebServer parent = new MockWebServer()) {
      parent.start();
      String parentOrigin = "http://localhost:" + parent.getPort();
      parent.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
        @Override
        public MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest request) {
          return new MockResponse().setHeader("content-type", "text/html").setBody(
              "<!doctype html><html lang=en><title>Settings</title><h1>Our settings</h1>"
                  + "<iframe id=portal title=Webhooks width=900 height=600 src=\"" + link
                  + "\"></iframe>");
        }
      });
      browser.driver.get(parentOrigin + "/settings");
      browser.driver.switchTo().frame("portal");
      assertThat(browser.driver.findElements(By.cssSelector("main h2"))).isEmpty();
      browser.driver.switchTo().defaultContent();

      assertThat(api.patch("/v1/tenants/" + tenant, ADMIN, "{\"portalOrigins\":[\""
          + parentOrigin + "\"]}").status()).isEqualTo(200);
      browser.driver.navigate().refresh();
      browser.driver.switchTo().frame("portal");
      browser.heading("Endpoints");
      browser.driver.switchTo().defaultContent();
      browser.screenshot("portal-embedded");
    }
    Cookie cookie = browser.driver.manage().getCookieNamed("hs_portal");
    browser.driver.get(link);
    browser.heading("Endpoints");
    cookie = browser.driver.manage().getCookieNamed("hs_portal");
    assertThat(cookie.isHttpOnly()).isTrue();
    HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + hookstream.standalone.httpPort() + "/portal/"))
        .header("cookie", "hs_portal=" + cookie.getValue()).build(),
        HttpResponse.BodyHandlers.ofString());
    String csp = page.headers().firstValue("content-security-policy").orElseThrow();
    assertThat(csp).contains("default-src 'none'").contains("script-src 'self'")
        .contains("frame-ancestors http://localhost:");
    assertThat(page.body()).doesNotContain(cookie.getValue());
  }

  @Test
  void thePortalWorksAt360PixelsWide() {
    String tenant = tenant();
    api.post("/v1/tenants/" + tenant + "/webhooks", ADMIN, "{\"url\":\""
        + receiver.url("/narrow") + "\",\"events\":[\"*\"],\"name\":\"Narrow\"}");
    browser.driver.manage().window().setSize(new Dimension(360, 780));
    openPortal(tenant, "[\"manage-endpoints\"]");
    assertNoSidewaysScroll();
    browser.screenshot("portal-360-endpoints");
    browser.click(By.linkText("New endpoint"));
    browser.heading("New endpoint");
    assertNoSidewaysScroll();
    browser.screenshot("portal-360-form");
  }

  /** Signs in to the console with the admin token, as an operator does. */
  private static void signIn() {
    browser.driver.get(base + "/console");
    browser.type("Admin token", ADMIN);
    browser.click(By.xpath("//button[.='Sign in']"));
    browser.heading("Pipeline");
  }

  private static void assertNoSidewaysScroll() {
    Number scroll = (Number) browser.script("return document.documentElement.scrollWidth");
    Number width = (Number) browser.script("return window.innerWidth");
    assertThat(scroll.intValue()).as("page width at %s px", width).isLessThanOrEqualTo(
        width.intValue());
  }

  private static void assertAccessible(String page) {
    assertThat(browser.seriousAccessibilityViolations()).as("serious or critical axe-core"
        + " violations on the %s page", page).isEmpty();
  }

  private static String tenant() {
    String id = "web" + TENANTS.incrementAndGet();
    assertThat(api.post("/v1/tenants", ADMIN, "{\"id\":\"" + id + "\"}").status()).isEqualTo(201);
    return id;
  }

  /** Opens a fresh portal link of {@code tenant} with these capabilities, as its user would. */
  private static void openPortal(String tenant, String capabilities) {
    ApiClient.Answer made = api.post("/v1/tenants/" + tenant + "/portal-sessions", ADMIN,
        "{\"capabilities\":" + capabilities + "}");
    assertThat(made.status()).as(made.raw()).isEqualTo(201);
    browser.driver.get(made.text("url"));
    browser.heading("Endpoints");
  }
}
