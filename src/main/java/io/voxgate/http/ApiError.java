package io.voxgate.http;

import io.vertx.core.json.JsonObject;

/**
 * A failure with its HTTP status and the one error body shape:
 * {@code {"error":{"code","message","field"}}}.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String code;
  private final String field;
  private final Integer retryAfterSeconds;

  public ApiError(int status, String code, String message, String field) {
    this(status, code, message, field, null);
  }

  public ApiError(int status, String code, String message, String field, Integer retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiError badRequest(String code, String message, String field) {
    return new ApiError(400, code, message, field);
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, "not_found", message, null);
  }

  public static ApiError unauthorized(String message) {
    return new ApiError(401, "unauthorized", message, null);
  }

  public static ApiError forbidden(String message) {
    return new ApiError(403, "forbidden", message, null);
  }

  public static ApiError tooLarge(String message, String field) {
    return new ApiError(413, "too_large", message, field);
  }

  public static ApiError unavailable(String message) {
    return new ApiError(503, "unavailable", message, null, 5);
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

  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public JsonObject body() {
    return new JsonObject().put("error", new JsonObject()
        .put("code", code).put("message", getMessage()).put("field", field));
  }
}
