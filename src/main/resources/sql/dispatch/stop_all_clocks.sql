UPDATE ticket_clocks SET stopped_at = $2, paused_at = NULL,
  outcome = CASE WHEN $2 <= due_at THEN 'met' ELSE 'missed' END
WHERE ticket_id = $1 AND stopped_at IS NULL
RETURNING clock, outcome
