INSERT INTO ticket_clocks (ticket_id, clock, started_at, due_at, provisional) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (ticket_id, clock) DO NOTHING
