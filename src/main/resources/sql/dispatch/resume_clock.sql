UPDATE ticket_clocks SET paused_at = NULL, paused_seconds = $3, due_at = $4, provisional = provisional OR $5
WHERE ticket_id = $1 AND clock = $2
