package io.hookstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A service's Prometheus text page, as a test reads it. */
public final class MetricsPage {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String page;

  private MetricsPage(String page) {
    this.page = page;
  }

  /** {@code GET /metrics} of the service on {@code port} of loopback. */
  public static MetricsPage scrape(int port) {
    try {
      return new MetricsPage(HTTP.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static MetricsPage of(String page) {
    return new MetricsPage(page);
  }

  /** One sample's value, e.g. {@code hookstream_deliveries_total{outcome="delivered"}}; 0 when absent. */
  public double value(String sample) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " ([0-9.eE+-]+)$").matcher(page);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /**
   * Waits until every service on {@code ports} has some of {@code gauge} and together exactly
   * {@code total}: e.g. dispatchers that have split the deliveries partitions between them.
   */
  public static void awaitShared(List<Integer> ports, String gauge, double total,
      Duration timeout) {
    AtomicReference<List<Double>> values = new AtomicReference<>(List.of());
    try {
      Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
        values.set(ports.stream().map(p -> scrape(p).value(gauge)).toList());
        return values.get().stream().allMatch(v -> v > 0)
            && values.get().stream().mapToDouble(Double::doubleValue).sum() == total;
      });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(gauge + " never shared " + total + " ways between "
          + ports.size() + " services: " + values.get());
    }
  }

  public String text() {
    return page;
  }
}
