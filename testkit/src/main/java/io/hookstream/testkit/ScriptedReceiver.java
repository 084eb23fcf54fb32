package io.hookstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A webhook receiver for tests, on OkHttp's MockWebServer: each path answers from its own script
 * (a queue of responses, then a default), and every request is kept per path.
 */
public final class ScriptedReceiver implements AutoCloseable {
  private final MockWebServer server = new MockWebServer();
  private final Map<String, ConcurrentLinkedQueue<MockResponse>> scripts = new ConcurrentHashMap<>();
  private final Map<String, Function<RecordedRequest, MockResponse>> defaults =
      new ConcurrentHashMap<>();
  private final Map<String, List<RecordedRequest>> received = new ConcurrentHashMap<>();

  public ScriptedReceiver() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath() == null ? "/" : request.getPath();
        received.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(request);
        ConcurrentLinkedQueue<MockResponse> script = scripts.get(path);
        MockResponse next = script == null ? null : script.poll();
        if (next != null) {
          return next;
        }
        return defaults.getOrDefault(path, r -> new MockResponse().setResponseCode(200)).apply(request);
      }
    });
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers the next requests to {@code path} with {@code responses}, in order. */
  public ScriptedReceiver script(String path, MockResponse... responses) {
    scripts.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(responses));
    return this;
  }

  /** Answers {@code path} with this once its script is used up (default: 200). */
  public ScriptedReceiver otherwise(String path, Function<RecordedRequest, MockResponse> answer) {
    defaults.put(path, answer);
    return this;
  }

  public String url(String path) {
    return server.url(path).toString();
  }

  public List<RecordedRequest> requests(String path) {
    return received.getOrDefault(path, List.of());
  }

  public static MockResponse status(int code) {
    return new MockResponse().setResponseCode(code);
  }

  @Override
  public void close() {
    try {
      server.shutdown();
    } catch (IOException e) {
      // closing a test server: nothing to recover
    }
  }
}
