package io.hookstream.outbound;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Sends one webhook request asynchronously on the shared OkHttp client, with the subscription's
 * timeout for the whole call, and reads at most the first KiB of the answer.
 */
public final class HttpSender {
  static final int EXCERPT_BYTES = 1024;

  private final OkHttpClient client;
  private final OkHttpClient withoutTlsVerification;
  private final Clock clock;

  public HttpSender(OkHttpClient client, Clock clock) {
    this.client = client;
    this.withoutTlsVerification = HttpClients.withoutTlsVerification(client);
    this.clock = clock;
  }

  public CompletableFuture<HttpOutcome> send(Request request, int timeoutMs, boolean verifyTls) {
    return send(request, timeoutMs, verifyTls ? client : withoutTlsVerification);
  }

  /** The same on {@code via}: a client built from the shared one (a client certificate's). */
  CompletableFuture<HttpOutcome> send(Request request, int timeoutMs, OkHttpClient via) {
    CompletableFuture<HttpOutcome> result = new CompletableFuture<>();
    long started = clock.millis();
    Call call = via.newCall(request);
    call.timeout().timeout(timeoutMs, TimeUnit.MILLISECONDS);
    call.enqueue(new Callback() {
      @Override
      public void onResponse(Call c, Response response) {
        try (response) {
          String excerpt = excerpt(response.body());
          result.complete(HttpOutcome.response(response.code(), excerpt,
              RetryAfter.parse(response.header("Retry-After"), clock),
              clock.millis() - started));
        } catch (IOException e) {
          // The status arrived; a body cut short does not change it.
          result.complete(HttpOutcome.response(response.code(), null,
              RetryAfter.parse(response.header("Retry-After"), clock),
              clock.millis() - started));
        }
      }

      @Override
      public void onFailure(Call c, IOException e) {
        if (e instanceof Superseded) {
          result.completeExceptionally(e); // not an attempt: nothing was written
          return;
        }
        result.complete(e instanceof GuardedDns.ForbiddenTarget
            ? HttpOutcome.refused(e.getMessage())
            : HttpOutcome.failure(describe(e, timeoutMs), clock.millis() - started));
      }
    });
    return result;
  }

  /** The shared client, for building others from (same threads, guard and limits). */
  OkHttpClient client() {
    return client;
  }

  /** A status and a body read whole (up to {@code maxBytes}), e.g. a token endpoint's answer. */
  record Exchange(int status, String body) {}

  /**
   * One request whose whole answer matters (an OAuth2 token): completes with the status and body,
   * or fails with an {@link IOException} whose message is safe to record.
   */
  CompletableFuture<Exchange> exchange(Request request, int timeoutMs, boolean verifyTls,
      int maxBytes) {
    CompletableFuture<Exchange> result = new CompletableFuture<>();
    Call call = (verifyTls ? client : withoutTlsVerification).newCall(request);
    call.timeout().timeout(timeoutMs, TimeUnit.MILLISECONDS);
    call.enqueue(new Callback() {
      @Override
      public void onResponse(Call c, Response response) {
        try (response) {
          ResponseBody body = response.body();
          String text = null;
          if (body != null) {
            BufferedSource source = body.source();
            source.request(maxBytes + 1L);
            if (source.getBuffer().size() > maxBytes) {
              throw new IOException("the answer is longer than " + maxBytes + " bytes");
            }
            text = source.getBuffer().readString(StandardCharsets.UTF_8);
          }
          result.complete(new Exchange(response.code(), text));
        } catch (IOException e) {
          result.completeExceptionally(new IOException(describe(e, timeoutMs)));
        }
      }

      @Override
      public void onFailure(Call c, IOException e) {
        result.completeExceptionally(e instanceof GuardedDns.ForbiddenTarget ? e
            : new IOException(describe(e, timeoutMs)));
      }
    });
    return result;
  }

  private static String excerpt(ResponseBody body) throws IOException {
    if (body == null) {
      return null;
    }
    BufferedSource source = body.source();
    Buffer buffer = new Buffer();
    long read = 0;
    while (read < EXCERPT_BYTES) {
      long n = source.read(buffer, EXCERPT_BYTES - read);
      if (n < 0) {
        break;
      }
      read += n;
    }
    if (read == 0) {
      return null;
    }
    return new String(buffer.readByteArray(), StandardCharsets.UTF_8);
  }

  /** A short, secret-free reason for a request that got no response. */
  static String describe(IOException e, int timeoutMs) {
    if (e instanceof InterruptedIOException) {
      return "timeout: no response within " + timeoutMs + " ms";
    }
    if (e instanceof ConnectException) {
      return "connection failed: " + e.getMessage();
    }
    if (e instanceof UnknownHostException) {
      return "unknown host: " + e.getMessage();
    }
    if (e instanceof SSLException) {
      return "TLS error: " + e.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
