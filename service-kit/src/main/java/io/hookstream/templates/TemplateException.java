package io.hookstream.templates;

/** A template that does not compile, fails at run time, runs too long or renders no valid body. */
public final class TemplateException extends RuntimeException {
  public TemplateException(String message) {
    super(message);
  }
}
