package io.voxgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Web form limits: attachments and the per-IP rate limit. */
public record WebFormOptions(long maxFileBytes, long maxTotalBytes, int maxFiles, Set<String> allowedTypes,
                             int ratePerWindow, Duration rateWindow) {

  static final List<String> DEFAULT_TYPES = List.of(
      "image/jpeg", "image/png", "image/gif", "image/webp", "image/tiff", "application/pdf", "text/plain",
      "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "audio/mpeg", "audio/wav", "video/mp4");

  static WebFormOptions from(YamlTree source, YamlTree defaults) {
    YamlTree a = source.child("attachments");
    YamlTree da = defaults.child("attachments");
    YamlTree r = source.child("rate_limit");
    YamlTree dr = defaults.child("rate_limit");
    List<String> types = a.has("types") ? a.strings("types") : da.has("types") ? da.strings("types") : DEFAULT_TYPES;
    return new WebFormOptions(
        a.longValue("max_file_bytes", da.longValue("max_file_bytes", 5L << 20, 1, 1L << 32), 1, 1L << 32),
        a.longValue("max_total_bytes", da.longValue("max_total_bytes", 20L << 20, 1, 1L << 34), 1, 1L << 34),
        a.intValue("max_files", da.intValue("max_files", 10, 0, 1000), 0, 1000),
        Set.copyOf(types.stream().map(String::toLowerCase).toList()),
        r.intValue("requests", dr.intValue("requests", 20, 1, 1_000_000), 1, 1_000_000),
        r.duration("per", dr.duration("per", Duration.ofMinutes(1))));
  }
}
