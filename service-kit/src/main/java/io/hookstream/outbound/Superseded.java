package io.hookstream.outbound;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import okhttp3.Interceptor;

/**
 * A request not written because what it was made for changed after the decision to send it
 * (a webhook deleted, disabled or moved while the request waited for a connection or a thread).
 * Nothing reached the endpoint: it is not an attempt, and the caller decides again.
 */
public final class Superseded extends IOException {
  /** The check a request carries as its tag: is it still the request to send? */
  public record Recheck(BooleanSupplier current) {}

  Superseded() {
    super("superseded before it was written");
  }

  /** Whether {@code error} (possibly wrapped by a future) is a superseded request. */
  public static boolean is(Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e instanceof Superseded;
  }

  /** Runs the request's recheck at the last moment, once a connection is ready to write it. */
  static Interceptor interceptor() {
    return chain -> {
      Recheck recheck = chain.request().tag(Recheck.class);
      if (recheck != null && !recheck.current().getAsBoolean()) {
        throw new Superseded();
      }
      return chain.proceed(chain.request());
    };
  }
}
