package io.voxgate.inbox;

import static io.voxgate.http.Responses.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.voxgate.config.SourceConfig;
import io.voxgate.ticket.SourceActivity;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /sources} for admins: every configured source (a file in {@code channels/}) with what
 * this gateway has seen of it. Secrets are never shown, only whether a source is signed.
 */
final class SourceRoutes {
  private final List<SourceConfig> sources;
  private final SourceActivity activity;

  SourceRoutes(List<SourceConfig> sources, SourceActivity activity) {
    this.sources = sources;
    this.activity = activity;
  }

  void mount(Router r) {
    r.get("/sources").handler(InboxRoutes.requireRole(Role.ADMIN)).handler(this::list);
  }

  private void list(RoutingContext ctx) {
    JsonArray items = new JsonArray();
    for (SourceConfig s : sources) {
      JsonObject o = new JsonObject().put("id", s.id()).put("channel", s.channel().wire()).put("file", s.file())
          .put("signed", s.signed());
      activity.of(s.id()).ifPresent(st -> o.put("last_success_at", time(st.lastSuccess()))
          .put("last_error_at", time(st.lastErrorAt())).put("last_error", st.lastError()).put("accepted", st.accepted()));
      items.add(o);
    }
    json(ctx, 200, new JsonObject().put("items", items));
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
