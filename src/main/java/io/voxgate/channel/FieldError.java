package io.voxgate.channel;

/**
 * Why a parser refused input. {@code code} decides the status: {@code too_large} 413,
 * {@code unsupported_type} 415, {@code spam_suspected} and everything else 400.
 */
public record FieldError(String field, String code, String message) {
  public static FieldError required(String field, String message) {
    return new FieldError(field, "required", message);
  }

  public static FieldError invalid(String field, String message) {
    return new FieldError(field, "invalid", message);
  }

  public int status() {
    return switch (code) {
      case "too_large" -> 413;
      case "unsupported_type" -> 415;
      default -> 400;
    };
  }
}
