-- A letter source's backlog: letters whose text is still to be read, and how long the oldest has waited.
SELECT count(*) AS processing,
       coalesce(extract(epoch FROM now() - min(created_at)), 0)::bigint AS oldest_seconds
FROM tickets
WHERE channel = 'letter' AND source = $1 AND 'processing' = ANY (flags)
