package io.hookstream.templates;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import java.time.Duration;
import java.util.Map;

/**
 * A compiled JSONata expression that computes a webhook body from one input document (see
 * {@link TemplateInput}). Thread-safe: each run gets its own frame. A run is bounded by the
 * library's runtime bounds ({@link #TIME_LIMIT}, {@link #MAX_DEPTH}) and its output by
 * {@link #MAX_BODY_BYTES}; the body must be a JSON object or array, written as
 * {@code JSON.stringify} writes it.
 */
public final class PayloadTemplate {
  public static final int MAX_SOURCE_CHARS = 16 * 1024;
  public static final Duration TIME_LIMIT = Duration.ofMillis(250);
  public static final int MAX_DEPTH = 100;
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  private final String source;
  private final Jsonata expression;

  private PayloadTemplate(String source, Jsonata expression) {
    this.source = source;
    this.expression = expression;
  }

  /** Compiles {@code source}; the exception carries the library's message. */
  public static PayloadTemplate compile(String source) {
    if (source == null || source.isBlank()) {
      throw new TemplateException("the template is empty");
    }
    if (source.length() > MAX_SOURCE_CHARS) {
      throw new TemplateException("the template is longer than " + MAX_SOURCE_CHARS
          + " characters");
    }
    try {
      Jsonata compiled = Jsonata.jsonata(source);
      compiled.setOutputConvertNulls(false);
      return new PayloadTemplate(source, compiled);
    } catch (JException | IllegalArgumentException | IllegalStateException e) {
      throw new TemplateException(message(e));
    } catch (RuntimeException | StackOverflowError e) {
      throw new TemplateException("the template does not compile: " + e);
    }
  }

  public String source() {
    return source;
  }

  /** The body this template computes from {@code input}, in JSON.stringify form. */
  public byte[] render(Map<String, Object> input) {
    Object result;
    try {
      Jsonata.Frame frame = expression.createFrame();
      // The time limit counts from here: the frame is made just before the run.
      frame.setRuntimeBounds(TIME_LIMIT.toMillis(), MAX_DEPTH);
      result = expression.evaluate(input, frame);
    } catch (JException e) {
      throw new TemplateException(message(e));
    } catch (StackOverflowError e) {
      throw new TemplateException("the template recursed too deeply");
    } catch (RuntimeException e) {
      throw new TemplateException("the template failed: " + e);
    }
    return JsJson.body(result, MAX_BODY_BYTES);
  }

  private static String message(Exception e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName()
        : m.replace("JSonataException ", "");
  }
}
