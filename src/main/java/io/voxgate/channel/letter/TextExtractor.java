package io.voxgate.channel.letter;

import io.voxgate.config.LetterOptions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Reads the text of stored scans page by page: a PDF page's text layer when it holds at least
 * {@code text_layer_min_chars} visible characters, otherwise OCR of the page rendered at {@code dpi}
 * (PDF) or decoded (TIFF pages via ImageIO; single PNG/JPEG files are given to Tesseract as they are).
 * A failure of one page never stops the others. Blocking; run it on the letter worker pool.
 */
public final class TextExtractor {
  private final Ocr ocr;

  public TextExtractor(Ocr ocr) {
    this.ocr = ocr;
  }

  /** A scan as stored: its blob file. */
  public record StoredScan(String filename, String mediaType, Path path) {
  }

  public List<PageText> read(List<StoredScan> scans, LetterOptions options) {
    List<PageText> out = new ArrayList<>();
    for (StoredScan s : scans) {
      if (!Files.isReadable(s.path())) {
        out.add(PageText.failed(s.filename(), 1, "unreadable", "the stored scan is missing"));
      } else if (ScanFile.PDF.equals(s.mediaType())) {
        pdf(s, options, out);
      } else {
        image(s, options, out);
      }
    }
    return out;
  }

  private void pdf(StoredScan s, LetterOptions options, List<PageText> out) {
    try (PDDocument doc = Loader.loadPDF(s.path().toFile())) {
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setSortByPosition(true);
      PDFRenderer renderer = new PDFRenderer(doc);
      for (int p = 0; p < doc.getNumberOfPages(); p++) {
        stripper.setStartPage(p + 1);
        stripper.setEndPage(p + 1);
        String layer = stripper.getText(doc).strip();
        if (meaningful(layer, options.textLayerMinChars())) {
          out.add(new PageText(s.filename(), p + 1, "text_layer", layer, null, null, null));
        } else {
          BufferedImage img = renderer.renderImageWithDPI(p, options.dpi(), ImageType.GRAY);
          out.add(ocrImage(s.filename(), p + 1, img, options, options.dpi()));
        }
      }
    } catch (IOException | RuntimeException e) {
      out.add(PageText.failed(s.filename(), Math.max(1, out.size() + 1), "unreadable", "the PDF cannot be read: " + e.getMessage()));
    }
  }

  private void image(StoredScan s, LetterOptions options, List<PageText> out) {
    if (!ScanFile.TIFF.equals(s.mediaType())) {
      out.add(ocrFile(s.filename(), 1, s.path(), options, null));
      return;
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(s.path().toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        out.add(PageText.failed(s.filename(), 1, "unreadable", "no reader for this image"));
        return;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, false, true);
        int pages = reader.getNumImages(true);
        for (int p = 0; p < pages; p++) out.add(ocrImage(s.filename(), p + 1, reader.read(p), options, null));
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      out.add(PageText.failed(s.filename(), 1, "unreadable", "the image cannot be read: " + e.getMessage()));
    }
  }

  private PageText ocrImage(String file, int page, BufferedImage img, LetterOptions options, Integer dpi) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("voxgate-page", ".pgm");
      writePgm(img, tmp);
      return ocrFile(file, page, tmp, options, dpi);
    } catch (IOException e) {
      return PageText.failed(file, page, "ocr_failed", "the page could not be prepared for OCR: " + e.getMessage());
    } finally {
      if (tmp != null) tmp.toFile().delete();
    }
  }

  /**
   * Hands a page to Tesseract as an uncompressed 8-bit grey map (PGM): no PNG compression on our side
   * and no decompression on Tesseract's, which binarises the page anyway.
   */
  static void writePgm(BufferedImage img, Path target) throws IOException {
    BufferedImage grey = img;
    if (img.getType() != BufferedImage.TYPE_BYTE_GRAY || img.getRaster().getParent() != null
        || img.getRaster().getDataBuffer().getOffset() != 0) {
      grey = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
      java.awt.Graphics2D g = grey.createGraphics();
      g.drawImage(img, 0, 0, java.awt.Color.WHITE, null);
      g.dispose();
    }
    byte[] pixels = ((java.awt.image.DataBufferByte) grey.getRaster().getDataBuffer()).getData();
    int w = grey.getWidth();
    int h = grey.getHeight();
    try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
      out.write(("P5\n" + w + " " + h + "\n255\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      int stride = ((java.awt.image.ComponentSampleModel) grey.getSampleModel()).getScanlineStride();
      for (int y = 0; y < h; y++) out.write(pixels, y * stride, w);
    }
  }

  private PageText ocrFile(String file, int page, Path image, LetterOptions options, Integer dpi) {
    try {
      TesseractTsv.Reading r = ocr.read(image, options.languages(), dpi, options.ocrTimeout());
      return new PageText(file, page, "ocr", r.text(), r.confidence(), null, null);
    } catch (Ocr.OcrException e) {
      return PageText.failed(file, page, e.reason().equals("timeout") ? "timeout" : "ocr_failed", e.getMessage());
    }
  }

  /** Enough visible characters, and not mostly unmapped glyphs (a text layer of garbage). */
  static boolean meaningful(String text, int minChars) {
    int visible = 0;
    int bad = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp)) continue;
      visible++;
      if (cp == 0xFFFD || Character.isISOControl(cp) || Character.getType(cp) == Character.PRIVATE_USE) bad++;
    }
    return visible > 0 && visible >= minChars && bad * 10 < visible;
  }
}
