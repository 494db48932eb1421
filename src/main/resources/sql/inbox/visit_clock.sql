SELECT due_at, paused_seconds FROM ticket_clocks WHERE ticket_id = $1 AND clock = 'return_visit'
