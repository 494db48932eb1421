package io.voxgate.channel.phone;

import io.voxgate.config.GatewayConfig;
import io.voxgate.config.PhoneOptions;
import io.voxgate.config.SourceConfig;
import io.voxgate.ticket.Channel;
import java.util.HashMap;
import java.util.Map;

/** The configured phone sources' options by source id. */
public final class PhoneSources {
  private PhoneSources() {
  }

  public static Map<String, PhoneOptions> options(GatewayConfig config) {
    Map<String, PhoneOptions> out = new HashMap<>();
    for (SourceConfig s : config.sources()) {
      if (s.channel() == Channel.PHONE) out.put(s.id(), PhoneOptions.of(s));
    }
    return Map.copyOf(out);
  }
}
