-- Customer-centre workflow: when a ticket was resolved (the return-visit list and the 1-working-day
-- visit deadline start there) and the return visits (回访) themselves.

ALTER TABLE tickets ADD COLUMN resolved_at timestamptz;
CREATE INDEX tickets_resolved ON tickets (resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX tickets_assignee ON tickets (assignee) WHERE assignee IS NOT NULL;

CREATE TABLE return_visits (
  id           bigserial PRIMARY KEY,
  ticket_id    uuid NOT NULL REFERENCES tickets (id),
  at           timestamptz NOT NULL DEFAULT now(),
  actor        text NOT NULL,
  reached      boolean NOT NULL,
  satisfaction smallint CHECK (satisfaction BETWEEN 1 AND 5),
  comment      text NOT NULL DEFAULT '',
  -- true/false from the ticket's return_visit clock when it has one; null when no deadline was running
  late         boolean
);
CREATE INDEX return_visits_ticket ON return_visits (ticket_id, id);
CREATE INDEX return_visits_at ON return_visits (at);
