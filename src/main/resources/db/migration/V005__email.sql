-- Email channel: every mail message we took in (for threading and re-delivery of replies), and
-- each IMAP mailbox's progress as UIDVALIDITY + highest UID whose ticket is committed.

-- One row per ingested mail whose Message-ID may be named by a later reply: the first mail of a
-- ticket and every reply added to it. disposition: ticket | reply | loop | bounce.
CREATE TABLE email_messages (
  source      text NOT NULL,
  message_id  text NOT NULL,
  ticket_id   uuid REFERENCES tickets (id),
  disposition text NOT NULL,
  raw         bytea,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source, message_id)
);
CREATE INDEX email_messages_message_id ON email_messages (message_id);
CREATE INDEX tickets_email_external_id ON tickets (external_id) WHERE channel = 'email';

CREATE TABLE mailbox_state (
  source       text PRIMARY KEY,
  folder       text NOT NULL,
  uid_validity bigint NOT NULL,
  last_uid     bigint NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
