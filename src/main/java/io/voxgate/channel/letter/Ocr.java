package io.voxgate.channel.letter;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Tesseract command line ({@code tesseract <image> stdout -l <languages> tsv}) for one page,
 * with a time limit: beyond it the process and its children are killed. Output goes to files, so a
 * large output never stalls the process. Blocking; call it from a worker.
 */
public final class Ocr {
  private final String command;

  public Ocr(String command) {
    this.command = command;
  }

  /** Why a page has no OCR text: {@code timeout} or {@code failed}. */
  public static final class OcrException extends Exception {
    private final String reason;

    OcrException(String reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  public TesseractTsv.Reading read(Path image, String languages, Integer dpi, Duration timeout) throws OcrException {
    Path out = null;
    Path err = null;
    Process p = null;
    try {
      out = Files.createTempFile("voxgate-ocr", ".tsv");
      err = Files.createTempFile("voxgate-ocr", ".err");
      List<String> cmd = new java.util.ArrayList<>(List.of(command, image.toString(), "stdout", "-l", languages));
      if (dpi != null) cmd.addAll(List.of("--dpi", String.valueOf(dpi)));
      cmd.add("tsv");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().put("OMP_THREAD_LIMIT", "1"); // the worker pool, not tesseract, decides parallelism
      p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(p);
        throw new OcrException("timeout", "OCR of the page took longer than " + timeout.toMillis() + " ms");
      }
      if (p.exitValue() != 0) {
        throw new OcrException("failed", "tesseract exited with " + p.exitValue() + ": " + tail(err));
      }
      return TesseractTsv.parse(Files.readString(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new OcrException("failed", "tesseract could not be run: " + e.getMessage());
    } catch (InterruptedException e) {
      if (p != null) kill(p);
      Thread.currentThread().interrupt();
      throw new OcrException("failed", "interrupted");
    } finally {
      delete(out);
      delete(err);
    }
  }

  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String tail(Path err) throws IOException {
    String s = Files.readString(err, StandardCharsets.UTF_8).strip();
    return s.length() > 300 ? s.substring(s.length() - 300) : s;
  }

  private static void delete(Path p) {
    if (p == null) return;
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a temp file left behind is harmless
    }
  }
}
