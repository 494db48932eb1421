package io.voxgate.channel.email;

import io.voxgate.config.EmailOptions;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.Properties;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.MessageSet;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.eclipse.angus.mail.imap.protocol.UIDSet;

/**
 * One IMAP connection to a mailbox folder (Angus Mail). Every method BLOCKS: call it only on the
 * mailbox worker pool. Connect and read timeouts come from the source's {@code imap.timeout}.
 * Progress is tracked by UIDVALIDITY + UID, never by the Seen flag. Commands are serialised (one
 * thread may fetch the next batch while another marks the last); {@link #wake()} and {@link #close()}
 * are not, so they can interrupt a running IDLE.
 */
final class ImapSession implements AutoCloseable {
  /** One message as fetched: its UID, exact bytes and the server's arrival time. */
  /** @param size the whole mail's size; {@code raw} holds only its first {@code imap.max_size} bytes when larger */
  record Fetched(long uid, byte[] raw, Instant receivedAt, long size) {
    boolean truncated() {
      return size > raw.length;
    }
  }

  /** What a fetch found: the folder's UIDVALIDITY, up to {@code batch} new messages, and how many more wait. */
  record Batch(long uidValidity, List<Fetched> messages, int more) {
  }

  private final EmailOptions.Imap imap;
  private Store store;
  private IMAPFolder folder;
  private List<Long> pending = List.of();
  private long pendingValidity = -1;
  private long pendingFrom;

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
    // imap://: upgrade to TLS when the server offers it, so the password does not cross in clear
    if (!imap.secure()) p.setProperty("mail.imap.starttls.enable", "true");
    p.setProperty("mail." + protocol + ".peek", "true"); // reading must not set Seen: 'after' decides
    store = Session.getInstance(p).getStore(protocol);
    store.connect(imap.host(), imap.port(), imap.user(), imap.password());
    folder = (IMAPFolder) store.getFolder(imap.folder());
    folder.open(Folder.READ_WRITE);
  }

  /**
   * Messages with a UID above {@code lastUid}, oldest first; when {@code uidValidity} differs from
   * the folder's, the watermark no longer means anything and the scan starts over (dedup is by Message-ID).
   * The UIDs waiting are listed once and worked through batch by batch (a server may take time
   * proportional to the folder for each listing); a batch's bytes come in one FETCH.
   */
  synchronized Batch fetch(long uidValidity, long lastUid, int batch) throws Exception {
    open();
    long validity = folder.getUIDValidity();
    long after = validity == uidValidity ? lastUid : 0;
    if (validity != pendingValidity || after < pendingFrom || pendingAfter(after).isEmpty()) {
      pending = list(after);
      pendingValidity = validity;
      pendingFrom = after;
    }
    while (true) {
      List<Long> waiting = pendingAfter(after);
      if (waiting.isEmpty()) return new Batch(validity, List.of(), 0);
      List<Long> take = waiting.subList(0, Math.min(batch, waiting.size()));
      List<Fetched> out = fetchBytes(take);
      if (!out.isEmpty() || take.size() == waiting.size()) {
        return new Batch(validity, out, waiting.size() - take.size());
      }
      after = take.get(take.size() - 1); // all deleted meanwhile: on to the next ones
    }
  }

  private List<Long> pendingAfter(long after) {
    int i = 0;
    while (i < pending.size() && pending.get(i) <= after) i++;
    return pending.subList(i, pending.size());
  }

  /**
   * UIDs above {@code after} in the open folder, ascending (UID FETCH n:* (UID)). A NOOP first: a
   * server may tell of new mail only then (GreenMail did not during a backlog, and a mail that came
   * meanwhile waited a whole poll), and UID FETCH answers only for messages the client knows of.
   */
  private List<Long> list(long after) throws MessagingException {
    command("NOOP", null, r -> { });
    List<Long> uids = new ArrayList<>();
    for (Message m : folder.getMessagesByUID(after + 1, UIDFolder.MAXUID)) {
      if (m == null) continue;
      long uid = folder.getUID(m);
      if (uid > after) uids.add(uid); // "n:*" also names the last message when n is above every UID
    }
    uids.sort(null);
    return uids;
  }

  /**
   * The exact bytes and arrival times of these UIDs in one FETCH; ones no longer there are absent.
   * Asked by message sequence number (known from the listing and kept current by the folder's
   * EXPUNGE handling): a server may look each UID up by a scan of the folder. Every answer is checked
   * by its UID, and any UID not answered is asked for again with UID FETCH.
   */
  private List<Fetched> fetchBytes(List<Long> uids) throws MessagingException {
    Set<Long> wanted = new HashSet<>(uids);
    List<Integer> msns = new ArrayList<>();
    for (long uid : uids) {
      Message m = folder.getMessageByUID(uid);
      if (m != null && !m.isExpunged()) msns.add(m.getMessageNumber());
    }
    Map<Long, Fetched> got = new TreeMap<>();
    if (!msns.isEmpty()) {
      String set = MessageSet.toString(MessageSet.createMessageSets(msns.stream().mapToInt(Integer::intValue).toArray()));
      fetchInto("FETCH " + set, wanted, got);
    }
    if (got.size() < wanted.size()) {
      long[] missing = uids.stream().filter(u -> !got.containsKey(u)).mapToLong(Long::longValue).toArray();
      fetchInto("UID FETCH " + UIDSet.toString(UIDSet.createUIDSets(missing)), wanted, got);
    }
    return new ArrayList<>(got.values());
  }

  private void fetchInto(String command, Set<Long> wanted, Map<Long, Fetched> got) throws MessagingException {
    // at most max_size bytes of each mail: memory per batch stays bounded whatever a sender attaches
    command(command + " (UID INTERNALDATE RFC822.SIZE BODY.PEEK[]<0." + imap.maxSize() + ">)", null, r -> {
      for (int i = 0; i < r.length; i++) {
        if (!(r[i] instanceof FetchResponse f)) continue;
        UID uid = f.getItem(UID.class);
        BODY body = f.getItem(BODY.class);
        if (uid == null || body == null || !wanted.contains(uid.uid)) continue; // e.g. flags set by another client
        INTERNALDATE date = f.getItem(INTERNALDATE.class);
        RFC822SIZE size = f.getItem(RFC822SIZE.class);
        byte[] bytes = body.getByteArray().getNewBytes();
        got.put(uid.uid, new Fetched(uid.uid, bytes,
            date == null || date.getDate() == null ? Instant.now() : date.getDate().toInstant(),
            size == null ? bytes.length : Math.max(size.size, bytes.length)));
        r[i] = null; // consumed here; the rest (EXISTS, EXPUNGE...) goes to the folder
      }
    });
  }

  /** Messages in the folder not yet ingested: the reconciliation gauge. */
  synchronized int unprocessed(long uidValidity, long lastUid) throws Exception {
    open();
    if (folder.getUIDValidity() != uidValidity) return folder.getMessageCount();
    return list(lastUid).size();
  }

  /**
   * After their tickets are committed: keep, flag Seen or move, as configured, in one command by
   * UID — UIDs stay right whatever another session (e.g. a poller still stopping) expunged meanwhile,
   * and a UID no longer in the folder is simply not touched.
   */
  synchronized void done(List<Long> uids) throws Exception {
    if (imap.after() == EmailOptions.After.KEEP || uids.isEmpty()) return;
    open();
    long[] ids = uids.stream().mapToLong(Long::longValue).toArray();
    String set = UIDSet.toString(UIDSet.createUIDSets(ids));
    if (imap.after() == EmailOptions.After.SEEN) {
      command("UID STORE " + set + " +FLAGS.SILENT (\\Seen)", null, r -> { });
      return;
    }
    Folder target = store.getFolder(imap.moveTo().orElseThrow());
    if (!target.exists()) target.create(Folder.HOLDS_MESSAGES);
    if (((IMAPStore) store).hasCapability("MOVE")) {
      command("UID MOVE " + set, new Argument().writeString(BASE64MailboxEncoder.encode(target.getFullName())), r -> { });
      return;
    }
    Message[] messages = java.util.Arrays.stream(folder.getMessagesByUID(ids)).filter(m -> m != null && !m.isExpunged())
        .toArray(Message[]::new);
    if (messages.length > 0) folder.moveMessages(messages, target); // copy, delete, expunge
  }

  /** One raw command on the folder's connection; {@code take} may consume responses, the rest go to the folder. */
  private void command(String command, Argument args, Consumer<Response[]> take) throws MessagingException {
    folder.doCommand(p -> {
      Response[] r = p.command(command, args);
      take.accept(r);
      p.notifyResponseHandlers(r);
      p.handleResult(r[r.length - 1]);
      return null;
    });
  }

  /** Whether the server offers IMAP IDLE. */
  synchronized boolean canIdle() throws Exception {
    open();
    return ((IMAPStore) store).hasCapability("IDLE");
  }

  /**
   * Waits for a change in the folder; returns when one arrives or another thread calls {@link #wake()}.
   * Returns at once when mail above the watermark is already there: a mail that arrived after the
   * last fetch must not wait for the next poll.
   */
  synchronized void idle(long uidValidity, long lastUid) throws Exception {
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
    pending = List.of();
    pendingValidity = -1;
  }
}
