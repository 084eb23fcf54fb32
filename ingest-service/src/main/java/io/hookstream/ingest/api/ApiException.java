package io.hookstream.ingest.api;

/**
 * A request the API refuses, answered as {@code {"error": {"code", "message", "field"}}} with the
 * given status. Thrown before anything is written, so a refused request changes nothing.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final String field;
  private final String schemaPath;

  public ApiException(int status, String code, String message, String field) {
    this(status, code, message, field, null);
  }

  public ApiException(int status, String code, String message, String field, String schemaPath) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.schemaPath = schemaPath;
  }

  /** For schema violations: where in the event type's JSON Schema the rule is. */
  public String schemaPath() {
    return schemaPath;
  }

  public static ApiException invalid(String field, String message) {
    return new ApiException(400, "invalid_value", message, field);
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, "not_found", what + " not found", null);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }
}
