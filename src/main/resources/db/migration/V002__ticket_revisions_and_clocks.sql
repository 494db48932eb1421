-- Tickets that change after intake: several raw inputs per ticket (phone events, OCR results,
-- mail replies), a payload for any outbox message, and the per-ticket deadline ledger.

ALTER TABLE raw_inputs DROP CONSTRAINT raw_inputs_pkey;
ALTER TABLE raw_inputs ADD COLUMN id bigserial PRIMARY KEY;
CREATE INDEX raw_inputs_ticket ON raw_inputs (ticket_id, id);

-- What the message says beyond the ticket itself (a reply text, a reminder's clock, …).
ALTER TABLE outbox ADD COLUMN payload jsonb NOT NULL DEFAULT '{}';

ALTER TABLE tickets ADD COLUMN complexity text CHECK (complexity IN ('simple', 'complex'));
ALTER TABLE tickets ADD COLUMN overdue boolean NOT NULL DEFAULT false;

-- One row per deadline clock of a ticket (ack, transfer, investigation, feedback, resolution,
-- return_visit, callback, forum_reply, …). Channels may start clocks at intake; the dispatcher
-- starts the standard ones, warns before due_at and records the outcome.
CREATE TABLE ticket_clocks (
  ticket_id      uuid NOT NULL REFERENCES tickets (id),
  clock          text NOT NULL,
  started_at     timestamptz NOT NULL,
  due_at         timestamptz NOT NULL,
  provisional    boolean NOT NULL DEFAULT false,
  paused_at      timestamptz,
  paused_seconds bigint NOT NULL DEFAULT 0,
  warned_at      timestamptz,
  stopped_at     timestamptz,
  outcome        text CHECK (outcome IN ('met', 'missed')),
  PRIMARY KEY (ticket_id, clock)
);
CREATE INDEX ticket_clocks_running ON ticket_clocks (due_at) WHERE stopped_at IS NULL;

-- Message-ID of a mail we sent (ack, reply), so that the customer's answer threads to its ticket.
ALTER TABLE outbox ADD COLUMN message_id text;
CREATE INDEX outbox_message_id ON outbox (message_id) WHERE message_id IS NOT NULL;

-- Addresses that must not get automatic mail for a while (hard bounce of one of our messages).
CREATE TABLE suppressed_recipients (
  address    text PRIMARY KEY,
  reason     text NOT NULL,
  until      timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
