package io.hookstream.standalone;

import com.sun.net.httpserver.HttpServer;
import io.hookstream.signing.WebhookVerificationException;
import io.hookstream.signing.WebhookVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A webhook receiver for trying Hookstream out: prints every request it gets and, given the
 * subscription's secret, whether its Standard Webhooks signature verifies. Answers 200 (or 401
 * when a signature does not verify).
 *
 * <pre>java -cp deploy/standalone/target/hookstream-standalone.jar \
 *     io.hookstream.standalone.DevReceiver 9000 whsec_...</pre>
 */
public final class DevReceiver {
  private DevReceiver() {}

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 9000;
    WebhookVerifier verifier = args.length > 1 ? WebhookVerifier.of(args[1]) : null;
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, String> headers = new HashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
      String verdict = "signature not checked (no secret given)";
      int status = 200;
      if (verifier != null) {
        try {
          verifier.verify(headers, body);
          verdict = "signature verified";
        } catch (WebhookVerificationException e) {
          verdict = "signature REJECTED: " + e.getMessage();
          status = 401;
        }
      }
      System.out.printf("%s %s webhook-id=%s%n  %s%n  %s%n", exchange.getRequestMethod(),
          exchange.getRequestURI(), headers.get("Webhook-id"), verdict,
          new String(body, StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
    System.out.println("receiving webhooks on http://127.0.0.1:" + port + "/");
  }
}
