package io.voxgate.inbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The report as CSV for Excel: RFC 4180 (CRLF, fields quoted when they hold a comma, quote or line
 * break), UTF-8 with a byte-order mark, columns {@code section,key,detail,value,target}; text that
 * would start a spreadsheet formula gets a leading apostrophe. Pure.
 */
public final class ReportCsv {
  public static final String HEADER = "section,key,detail,value,target";

  private ReportCsv() {
  }

  public static String write(JsonObject report) {
    StringBuilder out = new StringBuilder("\uFEFF").append(HEADER).append("\r\n");
    row(out, "period", report.getString("period"), report.getString("from") + "/" + report.getString("to"), null, null);
    row(out, "total", "tickets", "", report.getValue("total"), null);
    JsonObject counts = report.getJsonObject("counts");
    for (String dim : Reports.DIMENSIONS) {
      JsonObject c = counts.getJsonObject(dim);
      for (String k : c.fieldNames().stream().sorted().toList()) row(out, dim, k, "", c.getValue(k), null);
    }
    JsonArray daily = report.getJsonArray("daily");
    for (int i = 0; i < daily.size(); i++) {
      JsonObject d = daily.getJsonObject(i);
      JsonObject ch = d.getJsonObject("channels");
      for (String c : Reports.CHANNELS) row(out, "daily", d.getString("date"), c, ch.getValue(c), null);
    }
    JsonArray deadlines = report.getJsonArray("deadlines");
    for (int i = 0; i < deadlines.size(); i++) {
      JsonObject d = deadlines.getJsonObject(i);
      row(out, "deadline", d.getString("clock"), "met", d.getValue("met"), null);
      row(out, "deadline", d.getString("clock"), "missed", d.getValue("missed"), null);
    }
    for (String r : List.of("timeliness", "satisfaction", "complaint_rate")) {
      JsonObject o = report.getJsonObject(r);
      if (o != null) row(out, "rate", r, "", o.getValue("rate"), o.getValue("target"));
    }
    return out.toString();
  }

  private static void row(StringBuilder out, String section, String key, String detail, Object value, Object target) {
    out.append(field(section)).append(',').append(field(key)).append(',').append(field(detail)).append(',')
        .append(field(value == null ? "" : String.valueOf(value))).append(',')
        .append(field(target == null ? "" : String.valueOf(target))).append("\r\n");
  }

  static String field(String s) {
    if (s == null) return "";
    // a department or clock name that Excel would run as a formula is written as text
    if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("-?[0-9.]+")) s = "'" + s;
    boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
    return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }
}
