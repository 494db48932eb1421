package io.voxgate.channel.letter;

import java.time.Instant;
import java.util.List;

/**
 * A parsed upload: the scans and the mail room's batch metadata.
 *
 * @param letterId   set when all files are pages of one letter (one ticket); else one ticket per file
 * @param receivedAt when the mail room received the letter; the upload time when not given
 */
public record LetterUpload(List<ScanFile> files, String batchId, String letterId, Instant receivedAt,
                           String senderName, String senderAddress, String note) {
  public LetterUpload {
    files = List.copyOf(files);
  }
}
