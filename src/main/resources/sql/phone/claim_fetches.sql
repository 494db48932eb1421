-- Claims due fetches for a lease: another instance sees them again only if this one dies mid-fetch.
UPDATE phone_recording_fetches f SET next_attempt_at = now() + make_interval(secs => $2), attempts = attempts + 1
WHERE id IN (SELECT id FROM phone_recording_fetches WHERE state = 'pending' AND next_attempt_at <= now()
             ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
RETURNING f.id, f.source, f.call_id, f.url, f.attempts,
  (SELECT c.ticket_id FROM phone_calls c WHERE c.source = f.source AND c.call_id = f.call_id) AS ticket_id
