UPDATE ticket_clocks SET warned_at = $3 WHERE ticket_id = $1 AND clock = $2
