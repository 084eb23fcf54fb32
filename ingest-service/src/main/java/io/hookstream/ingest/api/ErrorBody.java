package io.hookstream.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every error answer: {@code {"error": {"code", "message", "field"}}}. */
public record ErrorBody(Detail error) {
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Detail(String code, String message, String field, String schemaPath) {}

  public static ErrorBody of(String code, String message, String field) {
    return new ErrorBody(new Detail(code, message, field, null));
  }

  public static ErrorBody of(ApiException e) {
    return new ErrorBody(new Detail(e.code(), e.getMessage(), e.field(), e.schemaPath()));
  }
}
