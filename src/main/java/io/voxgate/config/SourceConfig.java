package io.voxgate.config;

import io.voxgate.ticket.Channel;
import java.util.Optional;

/**
 * One configured source: a file in {@code channels/}. Channel-specific settings are
 * parsed from {@link #settings()} by that channel's options record at start.
 */
public record SourceConfig(String id, Channel channel, Optional<String> secret, String file, YamlTree settings,
                           WebFormOptions webform, ForumOptions forum) {

  /** Where the source system wants to hear of each acknowledged ticket, if it said so ({@code callback_url}). */
  public Optional<String> callbackUrl() {
    return settings.optString("callback_url");
  }

  public boolean signed() {
    return secret.isPresent();
  }
}
