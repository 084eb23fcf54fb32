package io.hookstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium, from Debian's {@code chromium} and {@code chromium-driver} packages, driven by
 * Selenium: never a downloaded browser. Without them the tests fail, saying how to install them.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROME_BIN",
      "/usr/bin/chromium"));
  static final Path DRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER",
      "/usr/bin/chromedriver"));
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  final ChromeDriver driver;
  private final Path profile;

  Browser() {
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER))
        .as("the browser tests need Debian's chromium and chromium-driver (%s, %s): run"
            + " `apt-get install -y chromium chromium-driver` (.ci/run does), or set CHROME_BIN"
            + " and CHROMEDRIVER", CHROMIUM, DRIVER).isTrue();
    try {
      profile = Files.createTempDirectory("hookstream-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=1280,1000");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
  }

  /** Waits up to 30 s; pages re-render (the pipeline every 5 s), so a stale element is retried. */
  WebDriverWait await() {
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return wait;
  }

  /** Waits for an element to be visible, and answers it. */
  WebElement visible(By by) {
    return await().until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /** Waits until the page's main heading reads {@code text}. */
  void heading(String text) {
    await().until(ExpectedConditions.textToBe(By.cssSelector("main h2"), text));
  }

  void click(By by) {
    await().until(ExpectedConditions.elementToBeClickable(by)).click();
  }

  /** The labelled control {@code label} names: labels are how users find controls. */
  WebElement field(String label) {
    WebElement l = visible(By.xpath("//label[normalize-space(.)='" + label + "']"));
    return driver.findElement(By.id(l.getAttribute("for")));
  }

  void type(String label, String text) {
    WebElement f = field(label);
    f.clear();
    f.sendKeys(text);
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** A PNG of the page as it is now, kept in target/screenshots as test output. */
  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve(name + ".png"),
          ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs axe-core (the webjar's, injected into the page) and answers the serious and critical
   * violations, as "id: description (targets)".
   */
  List<String> seriousAccessibilityViolations() {
    String axe;
    try (InputStream in = Browser.class.getResourceAsStream(
        "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
      assertThat(in).as("axe-core from its webjar on the test class path").isNotNull();
      axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Injected through the driver, not a <script> tag: the page's CSP forbids inline scripts.
    script(axe);
    String result = (String) ((JavascriptExecutor) driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "axe.run(document, {resultTypes: ['violations']})"
            + ".then(r => done(JSON.stringify(r.violations)), e => done('ERROR ' + e));");
    assertThat(result).doesNotStartWith("ERROR");
    List<String> out = new ArrayList<>();
    try {
      for (JsonNode v : Json.mapper().readTree(result)) {
        String impact = v.path("impact").asText();
        if (impact.equals("serious") || impact.equals("critical")) {
          List<String> targets = new ArrayList<>();
          v.path("nodes").forEach(n -> targets.add(n.path("target").toString()));
          out.add(v.path("id").asText() + ": " + v.path("help").asText() + " " + targets);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  @Override
  public void close() {
    driver.quit();
    io.hookstream.testkit.KafkaFixture.deleteRecursively(profile);
  }
}
