package io.voxgate.ticket.step;

import io.voxgate.config.Rules;
import io.voxgate.ticket.Category;
import io.voxgate.ticket.Kind;
import io.voxgate.ticket.TicketEvent;
import java.util.List;
import java.util.Optional;

/**
 * Decides kind (when the sender did not) and category from keywords: 举报 wording makes a
 * report; enquiry wording without complaint wording makes an enquiry; otherwise a complaint.
 */
public final class Classify implements Step {
  private final Rules rules;

  public Classify(Rules rules) {
    this.rules = rules;
  }

  @Override
  public TicketEvent apply(TicketEvent e) {
    String text = Keywords.fold(e.text());
    TicketEvent.Builder b = e.toBuilder();
    if (e.kind() == null) {
      Optional<String> report = match(text, "report");
      Optional<String> complaint = match(text, "complaint");
      Optional<String> enquiry = match(text, "enquiry");
      if (report.isPresent()) {
        b.kind(Kind.REPORT).matched("kind:report:" + report.get());
      } else if (enquiry.isPresent() && complaint.isEmpty()) {
        b.kind(Kind.ENQUIRY).matched("kind:enquiry:" + enquiry.get());
      } else {
        b.kind(Kind.COMPLAINT);
        complaint.ifPresent(k -> b.matched("kind:complaint:" + k));
      }
    }
    if (e.category() == null) {
      Optional<String> quality = Keywords.firstIn(text, rules.categoryKeywords().getOrDefault("quality", List.of()));
      Optional<String> other = Keywords.firstIn(text, rules.categoryKeywords().getOrDefault("non_quality", List.of()));
      if (quality.isPresent()) {
        b.category(Category.QUALITY).matched("category:quality:" + quality.get());
      } else if (other.isPresent()) {
        b.category(Category.NON_QUALITY).matched("category:non_quality:" + other.get());
      } else {
        b.category(Category.OTHER);
      }
    }
    return b.build();
  }

  private Optional<String> match(String text, String kind) {
    return Keywords.firstIn(text, rules.kindKeywords().getOrDefault(kind, List.of()));
  }
}
