package io.voxgate.channel.letter;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.fontbox.ttf.TrueTypeCollection;

/** Scans made by the tests: Chinese + English text drawn with WenQuanYi Zen Hei into PNG, TIFF and PDF. */
final class LetterFixtures {
  static final File FONT = new File("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc");

  private LetterFixtures() {
  }

  static boolean fontAvailable() {
    return FONT.canRead();
  }

  /** A page image: black text on white, {@code px}-pixel lines. */
  static BufferedImage page(List<String> lines, int px) {
    Font font;
    try {
      font = Font.createFonts(FONT)[0].deriveFont(Font.PLAIN, (float) px);
    } catch (IOException | FontFormatException e) {
      throw new IllegalStateException(e);
    }
    int width = 1400;
    int height = px * 2 * (lines.size() + 1);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(font);
    for (int i = 0; i < lines.size(); i++) g.drawString(lines.get(i), px, px * 2 * (i + 1));
    g.dispose();
    return img;
  }

  static byte[] png(BufferedImage img) {
    return write(img, "png");
  }

  static byte[] tiff(List<BufferedImage> pages) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream();
         ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      ImageWriter w = ImageIO.getImageWritersByFormatName("tiff").next();
      w.setOutput(ios);
      w.prepareWriteSequence(null);
      for (BufferedImage p : pages) w.writeToSequence(new IIOImage(p, null, null), null);
      w.endWriteSequence();
      w.dispose();
      ios.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PDF with a real text layer (no image). */
  static byte[] textPdf(List<String> lines) {
    try (PDDocument doc = new PDDocument(); TrueTypeCollection ttc = new TrueTypeCollection(FONT)) {
      PDType0Font font = PDType0Font.load(doc, ttc.getFontByName("WenQuanYiZenHei"), true);
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        float y = 780;
        for (String line : lines) {
          cs.beginText();
          cs.setFont(font, 14);
          cs.newLineAtOffset(60, y);
          cs.showText(line);
          cs.endText();
          y -= 24;
        }
      }
      return save(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A scanned PDF: each page one image, no text layer. */
  static byte[] imagePdf(List<BufferedImage> pages, PDRectangle size) {
    try (PDDocument doc = new PDDocument()) {
      for (BufferedImage img : pages) {
        PDPage page = new PDPage(size);
        doc.addPage(page);
        var x = LosslessFactory.createFromImage(doc, img);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          float w = size.getWidth();
          float h = w * img.getHeight() / img.getWidth();
          cs.drawImage(x, 0, size.getHeight() - h, w, h);
        }
      }
      return save(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A tiny PNG whose header claims {@code w}×{@code h} pixels: a decompression bomb as far as a reader can tell. */
  static byte[] pngClaiming(int w, int h) {
    byte[] b = png(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY));
    // IHDR data starts at 16: width, height (big-endian); its CRC follows the 13 data bytes
    putInt(b, 16, w);
    putInt(b, 20, h);
    CRC32 crc = new CRC32();
    crc.update(b, 12, 17);
    putInt(b, 29, (int) crc.getValue());
    return b;
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  private static byte[] write(BufferedImage img, String format) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(img, format, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] save(PDDocument doc) throws IOException {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      doc.save(out);
      return out.toByteArray();
    }
  }
}
