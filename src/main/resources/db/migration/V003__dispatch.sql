-- Dispatcher: who got each message, which tickets it has taken on (standard clocks, escalation),
-- and when a clock was reported overdue.

ALTER TABLE outbox ADD COLUMN recipient text;
CREATE INDEX outbox_recipient_sent ON outbox (recipient, sent_at) WHERE state = 'sent';

-- NULL: the dispatcher has not yet started the standard clocks nor escalated a major ticket.
ALTER TABLE tickets ADD COLUMN dispatched_at timestamptz;
UPDATE tickets SET dispatched_at = now();
CREATE INDEX tickets_undispatched ON tickets (created_at) WHERE dispatched_at IS NULL;

ALTER TABLE ticket_clocks ADD COLUMN overdue_at timestamptz;
