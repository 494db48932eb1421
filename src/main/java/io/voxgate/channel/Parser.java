package io.voxgate.channel;

import io.voxgate.config.SourceConfig;

/** A channel's pure mapping from request bytes to an event; never throws on bad input. */
@FunctionalInterface
public interface Parser {
  ParseResult parse(RawRequest request, SourceConfig source);
}
