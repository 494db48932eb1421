-- Letter scans being read (text layer / OCR). A ticket flagged 'processing' is pending; this table
-- only records who works on it until when (a lease, so a crashed instance's letter is taken up
-- again) and how many attempts were made.
CREATE TABLE letter_jobs (
  ticket_id     uuid PRIMARY KEY REFERENCES tickets (id),
  attempts      integer NOT NULL DEFAULT 0,
  claimed_by    text,
  claimed_until timestamptz,
  last_error    text,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tickets_letters_processing ON tickets (id) WHERE channel = 'letter' AND 'processing' = ANY (flags);
