UPDATE ticket_clocks SET paused_at = $2 WHERE ticket_id = $1 AND stopped_at IS NULL AND paused_at IS NULL
