-- Stops the named running clocks: met when stopped by the due time.
UPDATE ticket_clocks SET stopped_at = $3, paused_at = NULL,
  outcome = CASE WHEN $3 <= due_at THEN 'met' ELSE 'missed' END
WHERE ticket_id = $1 AND clock = ANY($2::text[]) AND stopped_at IS NULL
RETURNING clock, outcome
