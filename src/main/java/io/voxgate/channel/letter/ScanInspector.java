package io.voxgate.channel.letter;

import io.voxgate.config.LetterOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Checks scans against the page and pixel limits before anything is decoded: image sizes come from
 * the image headers (ImageIO readers), PDF page sizes from the page boxes at the rendering dpi and the
 * sizes of the images each page draws. A scan that cannot be read at all is not refused: it is kept
 * and its ticket flagged. Blocking (PDFBox); run it on a worker.
 */
public final class ScanInspector {

  /** A limit was exceeded: the upload is refused. */
  public static final class LimitExceeded extends Exception {
    private final String code;
    private final String field;

    LimitExceeded(String code, String field, String message) {
      super(message, null, false, false);
      this.code = code;
      this.field = field;
    }

    public String code() {
      return code;
    }

    public String field() {
      return field;
    }
  }

  /** What inspecting one file found: its page count, or why it cannot be read. */
  public record Inspection(ScanFile file, int pages, String unreadable) {
    public boolean readable() {
      return unreadable == null;
    }
  }

  public List<Inspection> inspect(List<ScanFile> files, LetterOptions limits) throws LimitExceeded {
    List<Inspection> out = new ArrayList<>();
    int total = 0;
    for (ScanFile f : files) {
      Inspection i = f.mediaType().equals(ScanFile.PDF) ? pdf(f, limits) : image(f, limits);
      total += i.pages();
      if (total > limits.maxPages()) {
        throw new LimitExceeded("too_many_pages", "files", "the upload has more than " + limits.maxPages()
            + " pages ('" + f.filename() + "' reaches " + total + ")");
      }
      out.add(i);
    }
    return out;
  }

  private static Inspection image(ScanFile f, LetterOptions limits) throws LimitExceeded {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(f.content()))) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) return new Inspection(f, 0, "no reader for this image format");
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, false, true);
        int pages = reader.getNumImages(true);
        if (pages > limits.maxPages()) {
          throw new LimitExceeded("too_many_pages", "files", "'" + f.filename() + "' has " + pages
              + " pages; the limit is " + limits.maxPages());
        }
        for (int p = 0; p < pages; p++) checkPixels(f, p, (long) reader.getWidth(p) * reader.getHeight(p), limits);
        return new Inspection(f, pages, pages == 0 ? "the image has no pages" : null);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return new Inspection(f, 0, "the image cannot be read: " + e.getMessage());
    }
  }

  private static Inspection pdf(ScanFile f, LetterOptions limits) throws LimitExceeded {
    try (PDDocument doc = Loader.loadPDF(f.content())) {
      int pages = doc.getNumberOfPages();
      if (pages > limits.maxPages()) {
        throw new LimitExceeded("too_many_pages", "files", "'" + f.filename() + "' has " + pages
            + " pages; the limit is " + limits.maxPages());
      }
      for (int p = 0; p < pages; p++) {
        PDPage page = doc.getPage(p);
        PDRectangle box = page.getCropBox();
        double scale = limits.dpi() / 72.0;
        checkPixels(f, p, (long) Math.ceil(box.getWidth() * scale) * (long) Math.ceil(box.getHeight() * scale), limits);
        PDResources res = page.getResources();
        if (res == null) continue;
        for (COSName name : res.getXObjectNames()) {
          PDXObject x = res.getXObject(name);
          if (x instanceof PDImageXObject img) checkPixels(f, p, (long) img.getWidth() * img.getHeight(), limits);
        }
      }
      return new Inspection(f, pages, pages == 0 ? "the PDF has no pages" : null);
    } catch (IOException | RuntimeException e) {
      return new Inspection(f, 0, "the PDF cannot be read: " + e.getMessage());
    }
  }

  private static void checkPixels(ScanFile f, int page, long pixels, LetterOptions limits) throws LimitExceeded {
    if (pixels > limits.maxPixels() || pixels < 0) {
      throw new LimitExceeded("image_too_large", "files", "page " + (page + 1) + " of '" + f.filename() + "' has "
          + pixels + " pixels; the limit is " + limits.maxPixels() + " (a decompression bomb or a scan at too high a resolution)");
    }
  }
}
