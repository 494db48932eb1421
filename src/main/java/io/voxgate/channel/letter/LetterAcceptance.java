package io.voxgate.channel.letter;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.voxgate.channel.IntakeRoutes;
import io.voxgate.channel.RawRequest;
import io.voxgate.config.LetterOptions;
import io.voxgate.config.SourceConfig;
import io.voxgate.http.ApiError;
import io.voxgate.ticket.Accepted;
import java.util.ArrayList;
import java.util.List;

/**
 * Accepting an upload: parse and inspect it (blocking, on a worker), then store each letter through
 * the shared intake glue and hand new ones to the {@link LetterVerticle}. Refusals are {@link ApiError}s.
 */
final class LetterAcceptance {
  private final IntakeRoutes intake;
  private final LetterJobs jobs;
  private final ScanInspector inspector = new ScanInspector();
  private final LetterUploadParser parser = new LetterUploadParser();

  LetterAcceptance(IntakeRoutes intake, LetterJobs jobs) {
    this.intake = intake;
    this.jobs = jobs;
  }

  /** Parses and inspects the upload; any refusal is an {@link ApiError}. Blocking. */
  List<LetterEvents.NewLetter> check(RawRequest request, LetterOptions options, String source, String uploader) {
    LetterUploadParser.Result r = parser.parse(request, options);
    if (r instanceof LetterUploadParser.Rejected rej) {
      var e = rej.error();
      throw new ApiError(e.status(), e.code(), e.message(), e.field());
    }
    LetterUpload upload = ((LetterUploadParser.Parsed) r).upload();
    try {
      inspector.inspect(upload.files(), options); // unreadable scans are kept and flagged when read
    } catch (ScanInspector.LimitExceeded e) {
      throw new ApiError(422, e.code(), e.getMessage(), e.field());
    }
    return LetterEvents.intake(upload, source, uploader);
  }

  /** A stored letter and what to answer as its status. */
  record Stored(Accepted accepted, String state) {
  }

  /** Stores each letter in turn; new ones are handed to the reader, re-uploads answered with their state. */
  Future<List<Stored>> store(SourceConfig source, List<LetterEvents.NewLetter> letters, Vertx vertx) {
    Future<List<Stored>> chain = Future.succeededFuture(new ArrayList<>());
    for (LetterEvents.NewLetter l : letters) {
      chain = chain.compose(out -> intake.store(source, l.event()).compose(a -> {
        if (a.created()) {
          vertx.eventBus().send(LetterVerticle.ADDRESS, a.id().toString());
          return Future.succeededFuture(new Stored(a, LetterEvents.PROCESSING));
        }
        return samePages(a, l).compose(v -> jobs.state(a.id())).map(s -> new Stored(a, s.orElse(a.status())));
      }).map(s -> {
        out.add(s);
        return out;
      }));
    }
    return chain;
  }

  /**
   * A letter re-uploaded under its {@code letter_id} must bring no page the ticket lacks: pages are
   * not added to a letter afterwards, and silently dropping them would lose them.
   */
  private Future<Void> samePages(Accepted a, LetterEvents.NewLetter l) {
    if (l.files().size() == 1 && l.event().externalId().startsWith("sha256:")) return Future.succeededFuture();
    return jobs.scanHashes(a.id()).compose(stored -> {
      List<String> missing = l.files().stream().filter(f -> !stored.contains(f.sha256())).map(ScanFile::filename).toList();
      if (missing.isEmpty()) return Future.succeededFuture();
      return Future.failedFuture(new ApiError(409, "letter_pages_differ", "letter " + a.number()
          + " was already uploaded with other pages; " + String.join(", ", missing)
          + " would not be added. Upload all pages of a letter together, or these under another letter_id", "letter_id"));
    });
  }
}
