import io.voxgate.channel.letter.Ocr;
import io.voxgate.channel.letter.PageText;
import io.voxgate.channel.letter.TextExtractor;
import io.voxgate.config.LetterOptions;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;

/**
 * Letter reading throughput: pages per minute for text-layer PDFs and for OCR of A4 pages at 300 dpi,
 * the gateway's extractor (PDF render + tesseract, or a PNG handed to tesseract) against a bare
 * {@code tesseract} CLI run on the same pages, with the same number of parallel workers.
 *
 * <pre>java -cp target/voxgate.jar bench/LetterBench.java [pages=3] [workers=1]</pre>
 */
public class LetterBench {
  static final int LINES = 25;
  static final File FONT = new File("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc");
  static final String[] TEXT = {
      "尊敬的客服中心：我于2026年11月1日购买贵公司洗衣机一台，使用一周后出现严重的产品质量问题，",
      "滚筒漏水并伴有异响，维修人员上门三次仍未解决。Dear Sir, I request a full refund of 3,999 yuan.",
      "如十五日内不予处理，我将向12315及消费者协会投诉。联系电话 13812345678，邮编 510620。",
      "通信地址：广东省广州市天河区体育西路191号3栋502室。The washing machine leaks and is defective."};

  public static void main(String[] args) throws Exception {
    int pages = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int workers = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    Path dir = Files.createTempDirectory("letter-bench");
    List<Path> png = new ArrayList<>();
    List<Path> pdf = new ArrayList<>();
    for (int i = 0; i < pages; i++) {
      BufferedImage img = a4Page(i);
      Path p = dir.resolve("page-" + i + ".png");
      ImageIO.write(img, "png", p.toFile());
      png.add(p);
      Path d = dir.resolve("page-" + i + ".pdf");
      imagePdf(img, d);
      pdf.add(d);
    }
    Path textPdf = dir.resolve("text.pdf");
    textPdf(pages, textPdf);
    LetterOptions d = LetterOptions.DEFAULTS; // with a generous page time limit: a busy machine must not fail the run
    LetterOptions options = new LetterOptions(d.auth(), d.maxUploadBytes(), d.maxFileBytes(), d.maxFiles(), d.maxPages(),
        d.maxPixels(), java.time.Duration.ofMinutes(10), d.languages(), d.dpi(), d.textLayerMinChars(), d.lowConfidence(),
        d.workers(), d.tesseract(), d.sweep(), d.maxAttempts());
    TextExtractor extractor = new TextExtractor(new Ocr(options.tesseract()));

    System.out.printf(Locale.ROOT, "pages=%d workers=%d cores=%d%n", pages, workers, Runtime.getRuntime().availableProcessors());
    // interleaved page by page, so that load from elsewhere on the machine falls on every path alike
    long[] nanos = new long[3];
    int[] done = new int[3];
    for (int i = 0; i < pages; i += workers) {
      List<Path> pngs = png.subList(i, Math.min(pages, i + workers));
      List<Path> pdfs = pdf.subList(i, Math.min(pages, i + workers));
      timed(nanos, done, 0, workers, pngs, p -> cli(p, options.languages()));
      timed(nanos, done, 1, workers, pdfs, p -> check(extractor.read(List.of(new TextExtractor.StoredScan("p.pdf", "application/pdf", p)), options)));
      timed(nanos, done, 2, workers, pngs, p -> check(extractor.read(List.of(new TextExtractor.StoredScan("p.png", "image/png", p)), options)));
    }
    double cli = done[0] * 60e9 / nanos[0];
    double viaPdf = done[1] * 60e9 / nanos[1];
    double viaPng = done[2] * 60e9 / nanos[2];
    long start = System.nanoTime();
    int textPages = 0;
    while (System.nanoTime() - start < 3_000_000_000L) {
      textPages += check(extractor.read(List.of(new TextExtractor.StoredScan("t.pdf", "application/pdf", textPdf)), options));
    }
    double text = textPages * 60e9 / (System.nanoTime() - start);
    System.out.println("| path | pages/min | ratio to bare tesseract |");
    System.out.println("|---|---|---|");
    System.out.printf(Locale.ROOT, "| bare `tesseract <png> stdout -l chi_sim+eng tsv` | %.1f | 1.00 |%n", cli);
    System.out.printf(Locale.ROOT, "| gateway: scanned PDF (render 300 dpi + OCR) | %.1f | %.2f |%n", viaPdf, viaPdf / cli);
    System.out.printf(Locale.ROOT, "| gateway: PNG scan (OCR) | %.1f | %.2f |%n", viaPng, viaPng / cli);
    System.out.printf(Locale.ROOT, "| gateway: PDF text layer (1 worker) | %.0f | — |%n", text);
  }

  interface Job {
    int pages(Path p) throws Exception;
  }

  static void timed(long[] nanos, int[] done, int path, int workers, List<Path> files, Job job) throws Exception {
    long start = System.nanoTime();
    done[path] += run(workers, files, job);
    nanos[path] += System.nanoTime() - start;
  }

  /** Runs the job on every file with {@code workers} threads; the number of pages read. */
  static int run(int workers, List<Path> files, Job job) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    List<Future<Integer>> done = new ArrayList<>();
    for (Path f : files) done.add(pool.submit(() -> job.pages(f)));
    int n = 0;
    for (Future<Integer> d : done) n += d.get(30, TimeUnit.MINUTES);
    pool.shutdown();
    return n;
  }

  static int check(List<PageText> pages) {
    for (PageText p : pages) if (p.problem() != null) throw new IllegalStateException(p.problem() + ": " + p.detail());
    return pages.size();
  }

  static int cli(Path png, String languages) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("tesseract", png.toString(), "stdout", "-l", languages, "tsv")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("OMP_THREAD_LIMIT", "1");
    if (pb.start().waitFor() != 0) throw new IllegalStateException("tesseract failed");
    return 1;
  }

  static BufferedImage a4Page(int n) throws Exception {
    BufferedImage img = new BufferedImage(2480, 3508, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setColor(Color.BLACK);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(Font.createFonts(FONT)[0].deriveFont(Font.PLAIN, 46f)); // 11 pt at 300 dpi
    for (int line = 0; line < LINES; line++) g.drawString(TEXT[(line + n) % TEXT.length], 200, 250 + line * 78);
    g.dispose();
    return img;
  }

  static void imagePdf(BufferedImage img, Path out) throws Exception {
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.drawImage(LosslessFactory.createFromImage(doc, img), 0, 0, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
      }
      doc.save(out.toFile());
    }
  }

  static void textPdf(int pages, Path out) throws Exception {
    try (PDDocument doc = new PDDocument(); TrueTypeCollection ttc = new TrueTypeCollection(FONT)) {
      PDType0Font font = PDType0Font.load(doc, ttc.getFontByName("WenQuanYiZenHei"), true);
      for (int n = 0; n < pages; n++) {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          for (int line = 0; line < LINES; line++) {
            cs.beginText();
            cs.setFont(font, 9);
            cs.newLineAtOffset(40, 800 - line * 19);
            cs.showText(TEXT[(line + n) % TEXT.length]);
            cs.endText();
          }
        }
      }
      doc.save(out.toFile());
    }
  }
}
