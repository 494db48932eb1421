package io.voxgate.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds a multipart/form-data body the way browsers do (raw UTF-8 names). */
public final class Multipart {
  private final String boundary = "----VoxgateTest" + Long.toHexString(System.nanoTime());
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public Multipart field(String name, String value) {
    write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
    return this;
  }

  public Multipart file(String field, String filename, String type, byte[] content) {
    write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
        + "\"\r\nContent-Type: " + type + "\r\n\r\n");
    out.writeBytes(content);
    write("\r\n");
    return this;
  }

  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  public byte[] bytes() {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    copy.writeBytes(out.toByteArray());
    copy.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return copy.toByteArray();
  }

  private void write(String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }
}
