/**
 * The letter channel: scanned letters uploaded by the mail room ({@code POST /intake/letter/:source}).
 * {@link io.voxgate.channel.letter.LetterUploadParser} reads the multipart upload (pure);
 * {@link io.voxgate.channel.letter.ScanInspector} refuses decompression bombs from image headers and
 * page sizes before anything is decoded; the ticket is stored at once, flagged {@code processing},
 * with its acknowledgement held. {@link io.voxgate.channel.letter.LetterVerticle} then reads the text
 * (PDF text layer, else Tesseract OCR page by page with a time limit) on a bounded worker pool and
 * revises the ticket; unfinished letters are picked up again after a restart.
 */
package io.voxgate.channel.letter;
