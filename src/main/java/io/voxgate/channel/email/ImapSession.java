package io.voxgate.channel.email;

import io.voxgate.config.EmailOptions;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * One IMAP connection to a mailbox folder (Angus Mail). Every method BLOCKS: call it only on the
 * mailbox worker pool. Connect and read timeouts come from the source's {@code imap.timeout}.
 * Progress is tracked by UIDVALIDITY + UID, never by the Seen flag.
 */
final class ImapSession implements AutoCloseable {
  /** One message as fetched: its UID, exact bytes and the server's arrival time. */
  record Fetched(long uid, byte[] raw, Instant receivedAt) {
  }

  /** What a fetch found: the folder's UIDVALIDITY, up to {@code batch} new messages, and how many more wait. */
  record Batch(long uidValidity, List<Fetched> messages, int more) {
  }

  private final EmailOptions.Imap imap;
  private Store store;
  private IMAPFolder folder;

  ImapSession(EmailOptions.Imap imap) {
    this.imap = imap;
  }

  private void open() throws MessagingException {
    if (folder != null && folder.isOpen() && store.isConnected()) return;
    close();
    String protocol = imap.secure() ? "imaps" : "imap";
    String timeout = String.valueOf(imap.timeout().toMillis());
    Properties p = new Properties();
    p.setProperty("mail." + protocol + ".connectiontimeout", timeout);
    p.setProperty("mail." + protocol + ".timeout", timeout);
    p.setProperty("mail." + protocol + ".writetimeout", timeout);
    p.setProperty("mail." + protocol + ".partialfetch", "false");
    p.setProperty("mail." + protocol + ".peek", "true"); // reading must not set Seen: 'after' decides
    store = Session.getInstance(p).getStore(protocol);
    store.connect(imap.host(), imap.port(), imap.user(), imap.password());
    folder = (IMAPFolder) store.getFolder(imap.folder());
    folder.open(Folder.READ_WRITE);
  }

  /**
   * Messages with a UID above {@code lastUid}, oldest first; when {@code uidValidity} differs from
   * the folder's, the watermark no longer means anything and the scan starts over (dedup is by Message-ID).
   */
  Batch fetch(long uidValidity, long lastUid, int batch) throws Exception {
    open();
    long validity = folder.getUIDValidity();
    long after = validity == uidValidity ? lastUid : 0;
    // UID FETCH n:* (UID) only; arrival times just for this batch
    Message[] candidates = folder.getMessagesByUID(after + 1, UIDFolder.MAXUID);
    List<Message> fresh = new ArrayList<>();
    for (Message m : candidates) if (m != null && folder.getUID(m) > after) fresh.add(m);
    Message[] take = fresh.subList(0, Math.min(batch, fresh.size())).toArray(Message[]::new);
    FetchProfile fp = new FetchProfile();
    fp.add(IMAPFolder.FetchProfileItem.INTERNALDATE);
    folder.fetch(take, fp);
    List<Fetched> out = new ArrayList<>();
    for (Message m : take) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      m.writeTo(bytes);
      Instant at = m.getReceivedDate() == null ? Instant.now() : m.getReceivedDate().toInstant();
      out.add(new Fetched(folder.getUID(m), bytes.toByteArray(), at));
    }
    return new Batch(validity, out, Math.max(0, fresh.size() - out.size()));
  }

  /** Messages in the folder not yet ingested: the reconciliation gauge. */
  int unprocessed(long uidValidity, long lastUid) throws Exception {
    open();
    if (folder.getUIDValidity() != uidValidity) return folder.getMessageCount();
    int n = 0;
    for (Message m : folder.getMessagesByUID(lastUid + 1, UIDFolder.MAXUID)) if (m != null && folder.getUID(m) > lastUid) n++;
    return n;
  }

  /** After their tickets are committed: keep, flag Seen or move, as configured (one command for all). */
  void done(List<Long> uids) throws Exception {
    if (imap.after() == EmailOptions.After.KEEP || uids.isEmpty()) return;
    open();
    long[] ids = uids.stream().mapToLong(Long::longValue).toArray();
    Message[] messages = java.util.Arrays.stream(folder.getMessagesByUID(ids)).filter(m -> m != null)
        .toArray(Message[]::new);
    if (messages.length == 0) return;
    if (imap.after() == EmailOptions.After.SEEN) {
      folder.setFlags(messages, new Flags(Flags.Flag.SEEN), true);
      return;
    }
    Folder target = store.getFolder(imap.moveTo().orElseThrow());
    if (!target.exists()) target.create(Folder.HOLDS_MESSAGES);
    folder.moveMessages(messages, target);
  }

  /** Whether the server offers IMAP IDLE. */
  boolean canIdle() throws Exception {
    open();
    return ((IMAPStore) store).hasCapability("IDLE");
  }

  /**
   * Waits for a change in the folder; returns when one arrives or another thread calls {@link #wake()}.
   * Returns at once when mail above the watermark is already there: a mail that arrived after the
   * last fetch must not wait for the next poll.
   */
  void idle(long uidValidity, long lastUid) throws Exception {
    if (unprocessed(uidValidity, lastUid) > 0) return;
    folder.idle(true);
  }

  /** Ends a running {@link #idle()} from another thread: any folder command aborts IDLE. */
  void wake() {
    try {
      IMAPFolder f = folder;
      if (f != null && f.isOpen()) f.getMessageCount();
    } catch (Exception ignored) {
      // the idling thread sees the failure itself
    }
  }

  @Override
  public void close() {
    try {
      if (folder != null && folder.isOpen()) folder.close(false);
    } catch (Exception ignored) {
      // closing a broken connection
    }
    try {
      if (store != null) store.close();
    } catch (Exception ignored) {
      // closing a broken connection
    }
    folder = null;
    store = null;
  }
}
