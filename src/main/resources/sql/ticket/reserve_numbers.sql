-- Takes $2 consecutive numbers for day $1; returns the last of them. Its own short transaction,
-- so no intake holds the counter row while it writes.
INSERT INTO ticket_counters (day, last) VALUES ($1, $2)
ON CONFLICT (day) DO UPDATE SET last = ticket_counters.last + EXCLUDED.last
RETURNING last
