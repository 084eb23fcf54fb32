package io.hookstream.service;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own error answers, for requests it refuses before any route sees them (a malformed
 * path such as {@code %00}, an over-long URI, a bad header), in the API's JSON error shape
 * instead of an HTML page.
 */
final class JsonErrors extends ErrorHandler {
  private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE,
      "application/json");

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(JSON);
    return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected void generateAcceptableResponse(Request base, HttpServletRequest request,
      HttpServletResponse response, int code, String message) throws IOException {
    base.setHandled(true);
    response.setContentType("application/json");
    response.getWriter().write(body(code, message));
  }

  static String body(int status, String reason) {
    String code = switch (status) {
      case 400 -> "bad_request";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "too_large";
      case 414 -> "uri_too_long";
      case 431 -> "headers_too_large";
      default -> status >= 500 ? "internal" : "invalid_request";
    };
    String message = reason == null || reason.isBlank() ? "the request was refused" : reason;
    return "{\"error\":{\"code\":\"" + code + "\",\"message\":\""
        + message.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\x00-\\x1f]", " ")
        + "\"}}";
  }
}
