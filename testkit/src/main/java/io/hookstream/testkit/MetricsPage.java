package io.hookstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

  public String text() {
    return page;
  }
}
