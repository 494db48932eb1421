package io.voxgate.channel.letter;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voxgate.config.LetterOptions;
import io.voxgate.ticket.AckPlan;
import io.voxgate.ticket.Attachment;
import io.voxgate.ticket.Channel;
import io.voxgate.ticket.Customer;
import io.voxgate.ticket.Hashes;
import io.voxgate.ticket.Kind;
import io.voxgate.ticket.RawInput;
import io.voxgate.ticket.TicketEvent;
import io.voxgate.ticket.TimelineEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The letter channel's events, pure. At upload: one ticket per file (natural key {@code sha256:<file
 * hash>}) or one per letter when {@code letter_id} is given ({@code letter:<hash of the id>}), flagged
 * {@code processing}, acknowledgement held, and kept as a {@code report} — visible to supervisors only —
 * until its text is read, so an unread 举报 letter is never shown to agents. After reading: the text with
 * a header per page, contacts, flags ({@code low_confidence}, {@code ocr_failed}, {@code parse_failed})
 * and the acknowledgement way (email/SMS when found, else postal).
 */
public final class LetterEvents {
  public static final String PROCESSING = "processing";
  public static final String LOW_CONFIDENCE = "low_confidence";
  public static final String OCR_FAILED = "ocr_failed";
  public static final String PARSE_FAILED = "parse_failed";
  private static final int SUBJECT_MAX = 60;
  /** A letter's opening words to its reader, not what it is about. */
  private static final Pattern SALUTATION = Pattern.compile(
      "(?i)(尊敬的|敬爱的|亲爱的|致|dear|to whom it may concern).{0,30}[：:,，]|(您好|你好|hello|hi)[!！,，。.]?");
  private static final Pattern URL = Pattern.compile("(?i)\\b(https?|file)://\\S+");
  /** Dates, times, page numbers: what is left without digits, punctuation and date words. */
  private static final Pattern DATE_NOISE = Pattern.compile("(?i)\\b(am|pm)\\b|[年月日时分秒页第号]|[\\p{N}\\p{P}\\p{S}\\s]");

  private LetterEvents() {
  }

  /** One new ticket and the scans it carries. */
  public record NewLetter(TicketEvent event, List<ScanFile> files) {
  }

  public static List<NewLetter> intake(LetterUpload u, String source, String uploader) {
    List<NewLetter> out = new ArrayList<>();
    if (u.letterId() != null) {
      out.add(letter(u, source, "letter:" + Hashes.sha256Hex(u.letterId().getBytes(StandardCharsets.UTF_8)), u.files(), uploader));
    } else {
      for (ScanFile f : u.files()) out.add(letter(u, source, "sha256:" + f.sha256(), List.of(f), uploader));
    }
    return out;
  }

  private static NewLetter letter(LetterUpload u, String source, String key, List<ScanFile> files, String uploader) {
    JsonObject meta = new JsonObject().put("batch_id", u.batchId()).put("letter_id", u.letterId())
        .put("received_at", u.receivedAt().toString()).put("sender_name", u.senderName())
        .put("sender_address", u.senderAddress()).put("note", u.note()).put("uploaded_by", uploader)
        .put("files", new JsonArray(files.stream().map(f -> new JsonObject().put("filename", f.filename())
            .put("media_type", f.mediaType()).put("size", f.content().length).put("sha256", f.sha256())).toList()));
    TicketEvent e = TicketEvent.builder(Channel.LETTER, source, key, u.receivedAt())
        .kind(Kind.REPORT).matched("kind:report:unread_letter")
        .subject(placeholderSubject(files.stream().map(ScanFile::filename).toList()))
        .body(u.note() == null ? "" : "备注 Note: " + u.note())
        .customer(new Customer(u.senderName(), null, null, u.senderAddress()))
        .attachments(files.stream().map(f -> new Attachment(f.filename(), f.mediaType(), f.content().length, f.sha256(), f.content())).toList())
        .raw(new RawInput("application/json", meta.encode().getBytes(StandardCharsets.UTF_8)))
        .flag(PROCESSING)
        .ack(AckPlan.held())
        .build();
    return new NewLetter(e, files);
  }

  /** The stored ticket a revision applies to. */
  public record Stored(String source, String externalId, Instant receivedAt, String senderName,
                       String senderAddress, String note, List<String> filenames) {
  }

  /** The ticket's new content and the history entry describing the reading. */
  public record Revision(TicketEvent event, TimelineEntry entry) {
  }

  public static Revision revision(Stored t, List<PageText> pages, LetterOptions options, Instant now) {
    StringBuilder body = new StringBuilder();
    if (t.note() != null) body.append("备注 Note: ").append(t.note()).append("\n\n");
    StringBuilder text = new StringBuilder();
    JsonArray pageData = new JsonArray();
    boolean low = false;
    boolean failed = false;
    boolean unreadable = false;
    for (PageText p : pages) {
      boolean pageLow = "ocr".equals(p.method()) && !p.text().isBlank()
          && (p.confidence() == null || p.confidence() < options.lowConfidence());
      low |= pageLow;
      failed |= "timeout".equals(p.problem()) || OCR_FAILED.equals(p.problem());
      unreadable |= "unreadable".equals(p.problem());
      body.append('[').append(p.file()).append(" · 第").append(p.page()).append("页 · ").append(describe(p)).append("]\n");
      if (!p.text().isBlank()) {
        body.append(p.text().strip()).append("\n\n");
        text.append(p.text().strip()).append('\n');
      } else {
        body.append('\n');
      }
      pageData.add(new JsonObject().put("file", p.file()).put("page", p.page()).put("method", p.method())
          .put("confidence", p.confidence()).put("chars", p.text().strip().length()).put("low_confidence", pageLow)
          .put("problem", p.problem()).put("detail", p.detail()));
    }
    Contacts c = Contacts.in(text.toString());
    String address = t.senderAddress() != null ? null
        : c.address() == null ? null : c.postcode() == null || c.address().contains(c.postcode()) ? c.address()
        : c.address() + " 邮编 " + c.postcode();
    String phone = !c.mobiles().isEmpty() ? c.mobiles().get(0) : c.landlines().isEmpty() ? null : c.landlines().get(0);
    String email = c.emails().isEmpty() ? null : c.emails().get(0);
    TicketEvent.Builder b = TicketEvent.builder(Channel.LETTER, t.source(), t.externalId(), t.receivedAt())
        .subject(subject(text.toString(), t.filenames()))
        .body(body.toString().strip())
        .customer(new Customer(t.senderName() == null ? c.name() : null, phone, email, address));
    if (email == null && c.mobiles().isEmpty()) b.ack(AckPlan.send("postal")); // a landline cannot take an SMS
    if (text.toString().isBlank()) b.kind(Kind.REPORT).matched("kind:report:unread_letter"); // nobody read it yet
    if (low) b.flag(LOW_CONFIDENCE);
    if (failed) b.flag(OCR_FAILED);
    if (unreadable) b.flag(PARSE_FAILED);
    TicketEvent e = b.build();
    JsonObject data = new JsonObject().put("pages", pageData).put("flags", new JsonArray(List.copyOf(e.flags())))
        .put("contacts", new JsonObject().put("mobiles", new JsonArray(c.mobiles())).put("landlines", new JsonArray(c.landlines()))
            .put("emails", new JsonArray(c.emails())).put("address", c.address()).put("postcode", c.postcode()));
    return new Revision(e, new io.voxgate.ticket.TimelineEntry(now, "text_extracted", "letter", data));
  }

  private static String describe(PageText p) {
    if (p.problem() != null) return "未能读取 not read: " + p.problem();
    if ("text_layer".equals(p.method())) return "文字层 text layer";
    return "OCR " + (p.confidence() == null ? "—" : String.format(Locale.ROOT, "%.0f%%", p.confidence()));
  }

  /** The first line that says something: a title, or else the first sentence; not a date, salutation or print header. */
  static String subject(String text, List<String> files) {
    List<String> lines = TesseractTsv.lines(text);
    if (lines.isEmpty()) return placeholderSubject(files);
    String first = lines.stream().filter(LetterEvents::saysSomething).findFirst().orElse(lines.get(0));
    return first.length() <= SUBJECT_MAX ? first : first.substring(0, SUBJECT_MAX) + "…";
  }

  private static boolean saysSomething(String line) {
    String s = line.strip();
    return DATE_NOISE.matcher(s).replaceAll("").length() >= 2 && !URL.matcher(s).find()
        && !SALUTATION.matcher(s).matches();
  }

  private static String placeholderSubject(List<String> files) {
    return "扫描信件 Scanned letter: " + files.stream().collect(Collectors.joining(", "));
  }
}
