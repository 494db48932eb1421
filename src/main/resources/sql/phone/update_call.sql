UPDATE phone_calls SET direction = $3, started_at = $4, answered_at = $5, ended_at = $6, talk_seconds = $7,
  missed = $8, ring_deadline = $9, updated_at = now()
WHERE source = $1 AND call_id = $2
