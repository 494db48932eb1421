SELECT c.clock, c.started_at, c.due_at, c.paused_at, c.paused_seconds, t.kind, t.complexity
FROM ticket_clocks c JOIN tickets t ON t.id = c.ticket_id
WHERE c.ticket_id = $1 AND c.stopped_at IS NULL AND c.paused_at IS NOT NULL
