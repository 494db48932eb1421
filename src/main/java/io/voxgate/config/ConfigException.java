package io.voxgate.config;

/** A configuration error that stops the start; the message names the file and key. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String file, String key, String problem) {
    super(file + ": " + key + ": " + problem);
  }
}
