package io.hookstream.dispatch;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The one OkHttp client of a dispatcher. Its own limits are the worker's total: the per-endpoint
 * limits are enforced by {@link EndpointGate}, per subscription, not per host (many endpoints may
 * share a host). Redirects are not followed.
 */
final class HttpClients {
  private HttpClients() {}

  static OkHttpClient create(int maxInFlight) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(maxInFlight);
    dispatcher.setMaxRequestsPerHost(maxInFlight);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(Math.min(maxInFlight, 1024), 5, TimeUnit.MINUTES))
        .followRedirects(false)
        .followSslRedirects(false)
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30))
        .writeTimeout(Duration.ofSeconds(30))
        .build();
  }
}
