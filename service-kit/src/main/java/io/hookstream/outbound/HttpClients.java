package io.hookstream.outbound;

import io.hookstream.targets.TargetPolicy;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The one OkHttp client of a dispatcher. Its own limits are the worker's total: the per-endpoint
 * limits are enforced by the dispatcher per subscription, not per host (many endpoints may share
 * a host). Redirects are not followed. DNS goes through the SSRF guard.
 */
public final class HttpClients {
  private HttpClients() {}

  public static OkHttpClient create(int maxInFlight, TargetPolicy targets) {
    return create(maxInFlight, targets, false);
  }

  /**
   * The client, its calls on virtual threads when {@code virtualThreads} and the JVM has them
   * (Java 21+; on 17 OkHttp's own pool of platform threads, one per request in flight).
   */
  public static OkHttpClient create(int maxInFlight, TargetPolicy targets,
      boolean virtualThreads) {
    Dispatcher dispatcher = virtualThreads
        ? VirtualThreads.executor().map(Dispatcher::new).orElseGet(Dispatcher::new)
        : new Dispatcher();
    dispatcher.setMaxRequests(maxInFlight);
    dispatcher.setMaxRequestsPerHost(maxInFlight);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(Math.min(maxInFlight, 1024), 5, TimeUnit.MINUTES))
        .dns(new GuardedDns(targets))
        // The last check before a request is written: a delivery whose webhook changed while it
        // waited is not sent (Superseded), so a change answered before it was written holds.
        .addNetworkInterceptor(Superseded.interceptor())
        .followRedirects(false)
        .followSslRedirects(false)
        // One attempt is one request: OkHttp must not silently send it again on a reset.
        .retryOnConnectionFailure(false)
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30))
        .writeTimeout(Duration.ofSeconds(30))
        .build();
  }

  /**
   * The same client (same threads, pool and guard) accepting any certificate, for subscriptions
   * that turned {@code sslVerification} off, as the PlexTrac seed lets its users do.
   */
  public static OkHttpClient withoutTlsVerification(OkHttpClient client) {
    X509TrustManager trustAll = trustAll();
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, new TrustManager[] {trustAll}, new SecureRandom());
      return client.newBuilder().sslSocketFactory(tls.getSocketFactory(), trustAll)
          .hostnameVerifier((host, session) -> true).build();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("TLS is required by every JRE", e);
    }
  }

  /** Accepts any server certificate: for subscriptions with {@code sslVerification: false}. */
  static X509TrustManager trustAll() {
    return new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
  }
}
