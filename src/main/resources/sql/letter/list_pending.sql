-- Letters still to be read whose lease (if any) has run out, oldest first.
SELECT t.id
FROM tickets t
LEFT JOIN letter_jobs j ON j.ticket_id = t.id
WHERE t.channel = 'letter' AND 'processing' = ANY (t.flags)
  AND (j.claimed_until IS NULL OR j.claimed_until < now())
ORDER BY t.id
LIMIT $1
