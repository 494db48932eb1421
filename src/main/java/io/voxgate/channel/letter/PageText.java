package io.voxgate.channel.letter;

/**
 * The text of one page of one scan.
 *
 * @param method     {@code text_layer}, {@code ocr} or {@code none}
 * @param confidence OCR confidence 0–100; null for a text layer or when nothing was read
 * @param problem    null, or {@code timeout}, {@code ocr_failed}, {@code unreadable} with {@code detail}
 */
public record PageText(String file, int page, String method, String text, Double confidence, String problem,
                       String detail) {

  static PageText failed(String file, int page, String problem, String detail) {
    return new PageText(file, page, "none", "", null, problem, detail);
  }
}
