package io.voxgate.config;

import java.time.Duration;
import java.util.Set;

/**
 * Letter-scan limits and OCR settings: the top-level {@code letter:} section gives the defaults,
 * a letter source file may override the limits. {@code auth} is {@code signature} (HMAC with the
 * source's secret) or {@code token} (an inbox bearer token, e.g. the mail room uploading from the inbox).
 *
 * @param maxUploadBytes the whole request, all files and fields
 * @param maxPixels     most pixels of one page as decoded (images) or rendered at {@code dpi} (PDF)
 * @param ocrTimeout    time limit of one page's OCR; the process is killed beyond it
 * @param textLayerMinChars a PDF page whose text layer has fewer visible characters is OCR'd instead
 * @param lowConfidence pages whose OCR confidence (0–100) is below are flagged for a human read
 * @param workers       concurrent letters on this instance; 0: this instance leaves letters to others
 * @param sweep         how often unfinished letters (e.g. after a restart) are looked for
 */
public record LetterOptions(String auth, long maxUploadBytes, long maxFileBytes, int maxFiles, int maxPages, long maxPixels,
                            Duration ocrTimeout, String languages, int dpi, int textLayerMinChars,
                            int lowConfidence, int workers, String tesseract, Duration sweep, int maxAttempts) {

  /** Keys a letter source file may have besides id, channel, secret, name. */
  public static final Set<String> SOURCE_KEYS = Set.of("auth", "max_upload_bytes", "max_file_bytes", "max_files", "max_pages",
      "max_pixels", "ocr_timeout", "languages", "dpi", "text_layer_min_chars", "low_confidence");
  static final Set<String> TOP_KEYS;

  static {
    var keys = new java.util.HashSet<>(SOURCE_KEYS);
    keys.remove("auth");
    keys.addAll(Set.of("workers", "tesseract", "sweep", "max_attempts"));
    TOP_KEYS = Set.copyOf(keys);
  }

  public static final LetterOptions DEFAULTS = new LetterOptions("signature", 64L << 20, 20L << 20, 20, 50, 60_000_000L,
      Duration.ofSeconds(120), "chi_sim+eng", 300, 20, 60, 1, "tesseract", Duration.ofSeconds(30), 3);

  /** The top-level section. */
  static LetterOptions top(YamlTree t) {
    for (String key : t.keys()) {
      if (!TOP_KEYS.contains(key)) throw t.error(key, "unknown key (known: " + String.join(", ", new java.util.TreeSet<>(TOP_KEYS)) + ")");
    }
    LetterOptions d = limits(t, DEFAULTS, DEFAULTS.auth());
    return new LetterOptions(d.auth, d.maxUploadBytes, d.maxFileBytes, d.maxFiles, d.maxPages, d.maxPixels, d.ocrTimeout, d.languages,
        d.dpi, d.textLayerMinChars, d.lowConfidence, t.intValue("workers", DEFAULTS.workers, 0, 64),
        t.string("tesseract", DEFAULTS.tesseract), positive(t, "sweep", DEFAULTS.sweep),
        t.intValue("max_attempts", DEFAULTS.maxAttempts, 1, 100));
  }

  /** A source file's options over the top-level ones. */
  static LetterOptions source(YamlTree t, LetterOptions top) {
    String auth = !t.has("auth") ? (t.has("secret") ? "signature" : null)
        : t.choice("auth", "signature", a -> Set.of("signature", "token").contains(a) ? a : null, "signature, token");
    if (auth == null) throw t.error("secret", "a letter source needs a secret (signed uploads) or auth: token");
    if (auth.equals("signature") && !t.has("secret")) throw t.error("secret", "auth: signature needs a secret");
    return limits(t, top, auth);
  }

  private static LetterOptions limits(YamlTree t, LetterOptions d, String auth) {
    return new LetterOptions(auth,
        t.longValue("max_upload_bytes", d.maxUploadBytes, 1024, 1L << 32),
        t.longValue("max_file_bytes", d.maxFileBytes, 1, 1L << 31),
        t.intValue("max_files", d.maxFiles, 1, 1000),
        t.intValue("max_pages", d.maxPages, 1, 10_000),
        t.longValue("max_pixels", d.maxPixels, 1, 1L << 34),
        positive(t, "ocr_timeout", d.ocrTimeout),
        t.string("languages", d.languages),
        t.intValue("dpi", d.dpi, 72, 1200),
        t.intValue("text_layer_min_chars", d.textLayerMinChars, 0, 100_000),
        t.intValue("low_confidence", d.lowConfidence, 0, 100),
        d.workers, d.tesseract, d.sweep, d.maxAttempts);
  }

  private static Duration positive(YamlTree t, String key, Duration fallback) {
    Duration v = t.duration(key, fallback);
    if (v.isNegative() || v.isZero()) throw t.error(key, "must be a positive duration");
    return v;
  }

  /** The largest request body a source accepts (the whole upload is held in memory while it is checked). */
  public long maxBodyBytes() {
    return maxUploadBytes;
  }
}
