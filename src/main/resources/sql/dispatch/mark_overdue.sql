WITH c AS (
  UPDATE ticket_clocks SET overdue_at = $3, warned_at = coalesce(warned_at, $3) WHERE ticket_id = $1 AND clock = $2
)
UPDATE tickets SET overdue = true, updated_at = $3 WHERE id = $1
