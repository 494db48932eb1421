-- Takes a pending letter for $3 ms unless another instance holds a live lease; returns the attempt number.
INSERT INTO letter_jobs (ticket_id, attempts, claimed_by, claimed_until)
SELECT t.id, 1, $2, now() + $3 * interval '1 millisecond'
FROM tickets t
WHERE t.id = $1 AND 'processing' = ANY (t.flags)
ON CONFLICT (ticket_id) DO UPDATE
  SET attempts = letter_jobs.attempts + 1, claimed_by = EXCLUDED.claimed_by,
      claimed_until = EXCLUDED.claimed_until, updated_at = now()
  WHERE letter_jobs.claimed_until IS NULL OR letter_jobs.claimed_until < now()
RETURNING attempts
