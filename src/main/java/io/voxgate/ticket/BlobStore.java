package io.voxgate.ticket;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.FileSystem;
import java.nio.file.Path;
import java.util.List;

/**
 * Attachment files under {@code <data dir>/blobs/ab/cd/<sha256>}: content-addressed, so writing the
 * same file twice is harmless and a blob written before a failed commit is merely unused.
 * Non-blocking (vert.x file system).
 */
public final class BlobStore {
  private final FileSystem fs;
  private final Path root;

  public BlobStore(Vertx vertx, Path dataDir) {
    this.fs = vertx.fileSystem();
    this.root = dataDir.resolve("blobs");
  }

  public Path path(String sha256) {
    return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
  }

  public Future<Void> putAll(List<Attachment> attachments) {
    Future<Void> chain = Future.succeededFuture();
    for (Attachment a : attachments) {
      if (a.content() != null) chain = chain.compose(v -> put(a.sha256(), a.content()));
    }
    return chain;
  }

  public Future<Void> put(String sha256, byte[] content) {
    Path target = path(sha256);
    String tmp = target + ".tmp-" + Uuid7.next();
    return fs.exists(target.toString()).compose(exists -> exists ? Future.succeededFuture()
        : fs.mkdirs(target.getParent().toString())
            .compose(v -> fs.writeFile(tmp, Buffer.buffer(content)))
            .compose(v -> fs.move(tmp, target.toString(), new CopyOptions().setReplaceExisting(true).setAtomicMove(true))));
  }
}
