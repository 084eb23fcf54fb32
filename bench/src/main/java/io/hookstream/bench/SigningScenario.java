package io.hookstream.bench;

import io.hookstream.signing.Ed25519Keys;
import io.hookstream.signing.StandardWebhooks;
import io.hookstream.signing.WebhookSecrets;
import java.nio.charset.StandardCharsets;

/**
 * What a signature costs on one core: Standard Webhooks' HMAC-SHA256 ({@code v1}) beside
 * Ed25519 ({@code v1a}), each signing the same 1 KiB message in turns, in this JVM, after a
 * warm-up. No Hookstream process: this is the signing alone, as the dispatcher does it per request.
 */
final class SigningScenario {
  private final Options options;

  SigningScenario(Options options) {
    this.options = options;
  }

  Report signing() {
    byte[] body = ("{\"id\":\"evt_1\",\"type\":\"" + Publisher.TYPE + "\",\"data\":{\"pad\":\""
        + "x".repeat(Math.max(0, options.bodyBytes() - 60)) + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
    String secret = WebhookSecrets.generate();
    String key = Ed25519Keys.generate();
    int rounds = 5;
    int perRound = 20_000;
    long[] hmacNanos = new long[rounds];
    long[] edNanos = new long[rounds];
    run(() -> StandardWebhooks.sign(secret, "evt_1", 1_700_000_000L, body), perRound); // warm-up
    run(() -> Ed25519Keys.sign(key, "evt_1", 1_700_000_000L, body), perRound / 4);
    for (int r = 0; r < rounds; r++) {
      hmacNanos[r] = run(() -> StandardWebhooks.sign(secret, "evt_1", 1_700_000_000L, body),
          perRound);
      edNanos[r] = run(() -> Ed25519Keys.sign(key, "evt_1", 1_700_000_000L, body), perRound);
    }
    double hmac = best(hmacNanos) / (double) perRound;
    double ed = best(edNanos) / (double) perRound;
    return new Report("signing")
        .setting("bodyBytes", body.length)
        .setting("rounds", rounds + " rounds of " + perRound + " signatures each, in turns; the"
            + " fastest round counts")
        .figure("hmac_us_per_signature", Report.round2(hmac / 1000))
        .figure("ed25519_us_per_signature", Report.round2(ed / 1000))
        .figure("hmac_signatures_per_s_per_core", Math.round(1e9 / hmac))
        .figure("ed25519_signatures_per_s_per_core", Math.round(1e9 / ed))
        .figure("ed25519_vs_hmac_cost", Report.round2(ed / hmac));
  }

  private static long run(Runnable sign, int n) {
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      sign.run();
    }
    return System.nanoTime() - start;
  }

  private static long best(long[] values) {
    long min = Long.MAX_VALUE;
    for (long v : values) {
      min = Math.min(min, v);
    }
    return min;
  }
}
