SELECT c.clock, c.started_at, c.paused_seconds, t.kind FROM ticket_clocks c JOIN tickets t ON t.id = c.ticket_id
WHERE c.ticket_id = $1 AND c.clock = $2 AND c.stopped_at IS NULL
