-- A clock that starts again (reopened ticket, new resolution): fresh due time, no outcome yet.
INSERT INTO ticket_clocks (ticket_id, clock, started_at, due_at, provisional) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (ticket_id, clock) DO UPDATE SET started_at = EXCLUDED.started_at, due_at = EXCLUDED.due_at,
  provisional = EXCLUDED.provisional, paused_at = NULL, paused_seconds = 0, warned_at = NULL, stopped_at = NULL,
  outcome = NULL, overdue_at = NULL
