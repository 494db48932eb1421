-- Phone calls: one row per call (the lock that serialises its events), the events received for
-- it (each once, by content hash), and recordings still to be fetched.

CREATE TABLE phone_calls (
  source            text NOT NULL,
  call_id           text NOT NULL,
  ticket_id         uuid NOT NULL REFERENCES tickets (id),
  first_received_at timestamptz NOT NULL,
  direction         text,
  started_at        timestamptz,
  answered_at       timestamptz,
  ended_at          timestamptz,
  talk_seconds      bigint,
  missed            boolean NOT NULL DEFAULT false,
  -- when a call still ringing counts as missed; null once answered, ended or found missed
  ring_deadline     timestamptz,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source, call_id)
);
CREATE INDEX phone_calls_ringing ON phone_calls (ring_deadline) WHERE ring_deadline IS NOT NULL;

CREATE TABLE phone_call_events (
  id          bigserial PRIMARY KEY,
  source      text NOT NULL,
  call_id     text NOT NULL,
  event_hash  text NOT NULL,
  event       jsonb NOT NULL,
  received_at timestamptz NOT NULL,
  UNIQUE (source, call_id, event_hash),
  FOREIGN KEY (source, call_id) REFERENCES phone_calls (source, call_id)
);

CREATE TABLE phone_recording_fetches (
  id              bigserial PRIMARY KEY,
  source          text NOT NULL,
  call_id         text NOT NULL,
  url             text NOT NULL,
  state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'dead')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  done_at         timestamptz,
  UNIQUE (source, call_id, url),
  FOREIGN KEY (source, call_id) REFERENCES phone_calls (source, call_id)
);
CREATE INDEX phone_recording_fetches_due ON phone_recording_fetches (next_attempt_at) WHERE state = 'pending';
