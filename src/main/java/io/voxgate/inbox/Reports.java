package io.voxgate.inbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.voxgate.db.Sql;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;

/**
 * The customer centre's periodic report: tickets received per channel, kind, category, severity,
 * department and per day; deadlines that fell due in the period, met vs missed per clock, and the
 * timeliness rate; the satisfaction rate of return visits made in the period (4 or 5 of 5 counts as
 * satisfied); the complaint rate when a volume figure is given. Rates are null without a denominator.
 */
public final class Reports {
  public static final double TIMELINESS_TARGET = 0.90;
  public static final double SATISFACTION_TARGET = 0.85;
  public static final double COMPLAINT_RATE_LIMIT = 0.03;
  static final List<String> DIMENSIONS = List.of("channel", "kind", "category", "severity", "department");
  static final List<String> CHANNELS = List.of("phone", "email", "webform", "letter", "forum");
  private final Pool pool;

  public Reports(Pool pool) {
    this.pool = pool;
  }

  public Future<JsonObject> report(ReportPeriod p, Long volume) {
    Tuple range = Tuple.of(p.startTime(), p.endTime());
    Future<RowSet<Row>> counts = pool.preparedQuery(Sql.get("inbox/report_counts")).execute(range);
    Future<RowSet<Row>> daily = pool.preparedQuery(Sql.get("inbox/report_daily")).execute(range);
    Future<RowSet<Row>> clocks = pool.preparedQuery(Sql.get("inbox/report_clocks")).execute(range);
    Future<RowSet<Row>> visits = pool.preparedQuery(Sql.get("inbox/report_visits")).execute(range);
    return Future.all(counts, daily, clocks, visits).map(v -> {
      JsonObject out = new JsonObject().put("period", p.kind()).put("from", p.start().toString())
          .put("to", p.last().toString()).put("timezone", "Asia/Shanghai");
      JsonObject byDim = new JsonObject();
      DIMENSIONS.forEach(d -> byDim.put(d, new JsonObject()));
      long total = 0;
      for (Row r : counts.result()) {
        byDim.getJsonObject(r.getString("dimension")).put(r.getString("key"), r.getLong("n"));
        if (r.getString("dimension").equals("channel")) total += r.getLong("n");
      }
      out.put("total", total).put("counts", byDim);
      out.put("daily", daily(p, daily.result()));

      JsonArray deadlines = new JsonArray();
      long met = 0;
      long missed = 0;
      for (Row r : clocks.result()) {
        deadlines.add(new JsonObject().put("clock", r.getString("clock")).put("met", r.getLong("met")).put("missed", r.getLong("missed")));
        met += r.getLong("met");
        missed += r.getLong("missed");
      }
      out.put("deadlines", deadlines);
      out.put("timeliness", rate(new JsonObject().put("met", met).put("missed", missed), met, met + missed,
          TIMELINESS_TARGET, true));

      Row s = visits.result().iterator().next();
      out.put("satisfaction", rate(new JsonObject().put("visits", s.getLong("visits")).put("reached", s.getLong("reached"))
              .put("rated", s.getLong("rated")).put("satisfied", s.getLong("satisfied")).put("late", s.getLong("late")),
          s.getLong("satisfied"), s.getLong("rated"), SATISFACTION_TARGET, true));
      long complaints = byDim.getJsonObject("kind").getLong("complaint", 0L);
      out.put("complaint_rate", volume == null ? null : rate(new JsonObject().put("complaints", complaints).put("volume", volume),
          complaints, volume, COMPLAINT_RATE_LIMIT, false));
      return out;
    });
  }

  private static JsonArray daily(ReportPeriod p, RowSet<Row> rows) {
    JsonArray days = new JsonArray();
    for (LocalDate d = p.start(); d.isBefore(p.end()); d = d.plusDays(1)) {
      JsonObject ch = new JsonObject();
      CHANNELS.forEach(c -> ch.put(c, 0L));
      days.add(new JsonObject().put("date", d.toString()).put("channels", ch));
    }
    for (Row r : rows) {
      int i = (int) (r.getLocalDate("day").toEpochDay() - p.start().toEpochDay());
      if (i >= 0 && i < days.size()) days.getJsonObject(i).getJsonObject("channels").put(r.getString("channel"), r.getLong("n"));
    }
    return days;
  }

  /** {@code atLeast}: the rate must reach the target (timeliness); else stay below it (complaint rate). */
  private static JsonObject rate(JsonObject o, long part, long whole, double target, boolean atLeast) {
    Double rate = whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP).doubleValue();
    return o.put("rate", rate).put("target", target)
        .put("meets_target", rate == null ? null : atLeast ? rate >= target : rate < target);
  }
}
