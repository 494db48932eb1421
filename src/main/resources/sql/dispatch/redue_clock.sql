UPDATE ticket_clocks SET due_at = $3, provisional = $4, warned_at = NULL, overdue_at = NULL
WHERE ticket_id = $1 AND clock = $2 AND stopped_at IS NULL
