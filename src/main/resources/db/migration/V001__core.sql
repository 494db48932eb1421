-- Core schema: tickets with their raw input, attachments, timeline and acknowledgement outbox.

CREATE TABLE tickets (
  id               uuid PRIMARY KEY,
  number           text NOT NULL UNIQUE,
  kind             text NOT NULL CHECK (kind IN ('complaint', 'enquiry', 'report', 'potential')),
  channel          text NOT NULL CHECK (channel IN ('phone', 'email', 'webform', 'letter', 'forum')),
  source           text NOT NULL,
  external_id      text NOT NULL,
  received_at      timestamptz NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  customer_name    text,
  customer_phone   text,
  customer_email   text,
  customer_address text,
  language         text NOT NULL DEFAULT 'zh-CN',
  subject          text NOT NULL DEFAULT '',
  body             text NOT NULL DEFAULT '',
  body_html        text,
  category         text NOT NULL CHECK (category IN ('quality', 'non_quality', 'other')),
  severity         text NOT NULL CHECK (severity IN ('general', 'important', 'major')),
  claim_amount     numeric(16, 2),
  department       text,
  assignee         text,
  status           text NOT NULL DEFAULT 'new' CHECK (status IN
                     ('new', 'acknowledged', 'in_progress', 'replied', 'resolved', 'closed', 'escalated', 'reopened')),
  ack_state        text NOT NULL CHECK (ack_state IN ('pending', 'sent', 'suppressed', 'dead', 'postal')),
  flags            text[] NOT NULL DEFAULT '{}',
  matched_rules    text[] NOT NULL DEFAULT '{}',
  -- character bigrams (and single Han characters) of subject + body: index-backed substring search in any script
  search_grams     text[] NOT NULL DEFAULT '{}',
  version          integer NOT NULL DEFAULT 1,
  CONSTRAINT tickets_natural_key UNIQUE (source, external_id)
);
CREATE INDEX tickets_search ON tickets USING gin (search_grams);
CREATE INDEX tickets_received ON tickets (received_at);
CREATE INDEX tickets_status ON tickets (status, id);
CREATE INDEX tickets_flags ON tickets USING gin (flags);

CREATE TABLE raw_inputs (
  ticket_id    uuid PRIMARY KEY REFERENCES tickets (id),
  content_type text,
  sha256       text NOT NULL,
  size         integer NOT NULL,
  bytes        bytea NOT NULL,
  received_at  timestamptz NOT NULL
);

CREATE TABLE attachments (
  id         uuid PRIMARY KEY,
  ticket_id  uuid NOT NULL REFERENCES tickets (id),
  filename   text NOT NULL,
  media_type text NOT NULL,
  size       bigint NOT NULL,
  sha256     text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_ticket ON attachments (ticket_id);

CREATE TABLE timeline (
  id        bigserial PRIMARY KEY,
  ticket_id uuid NOT NULL REFERENCES tickets (id),
  at        timestamptz NOT NULL DEFAULT now(),
  type      text NOT NULL,
  actor     text NOT NULL,
  data      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX timeline_ticket ON timeline (ticket_id, id);

-- One row per message owed to the customer; claimed by dispatchers with FOR UPDATE SKIP LOCKED.
CREATE TABLE outbox (
  id              bigserial PRIMARY KEY,
  ticket_id       uuid NOT NULL REFERENCES tickets (id),
  purpose         text NOT NULL,
  via             text NOT NULL,
  state           text NOT NULL CHECK (state IN ('pending', 'sent', 'suppressed', 'dead')),
  reason          text,
  due_at          timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX outbox_ticket ON outbox (ticket_id);

CREATE TABLE ticket_counters (
  day  date PRIMARY KEY,
  last bigint NOT NULL
);

CREATE TABLE api_tokens (
  id         uuid PRIMARY KEY,
  name       text NOT NULL,
  role       text NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
  token_hash text NOT NULL UNIQUE,
  departments text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

CREATE TABLE source_status (
  source          text PRIMARY KEY,
  channel         text NOT NULL,
  last_success_at timestamptz,
  last_error_at   timestamptz,
  last_error      text,
  accepted        bigint NOT NULL DEFAULT 0
);
