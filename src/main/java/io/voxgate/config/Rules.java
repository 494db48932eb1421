package io.voxgate.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Classification, severity and routing rules from {@code conf/rules.yaml}. Keyword
 * lists hold Chinese and English words; matching is case-insensitive substring.
 */
public record Rules(Map<String, List<String>> kindKeywords,
                    Map<String, List<String>> categoryKeywords,
                    BigDecimal importantAmount,
                    BigDecimal majorAmount,
                    Map<String, List<String>> majorKeywords,
                    List<String> claimWords,
                    List<Route> routes,
                    String defaultDepartment) {

  /** A routing rule: every condition given must hold; the first rule that holds wins. */
  public record Route(String department, String kind, String category, String severity, String channel,
                      List<String> keywords) {
  }

  static Rules from(YamlTree t) {
    YamlTree sev = t.child("severity");
    List<Route> routes = t.children("routing").stream().map(r -> new Route(
        r.string("department"),
        r.optString("kind").orElse(null),
        r.optString("category").orElse(null),
        r.optString("severity").orElse(null),
        r.optString("channel").orElse(null),
        r.strings("keywords"))).toList();
    BigDecimal important = new BigDecimal(sev.longValue("important_amount", 500, 0, Long.MAX_VALUE));
    BigDecimal major = new BigDecimal(sev.longValue("major_amount", 10_000, 0, Long.MAX_VALUE));
    if (major.compareTo(important) < 0) throw sev.error("major_amount", "must not be below important_amount");
    return new Rules(t.keywordGroups("kinds"), t.keywordGroups("categories"), important, major,
        sev.keywordGroups("major_keywords"), t.strings("claim_words"), routes,
        t.string("default_department", "customer-service"));
  }
}
