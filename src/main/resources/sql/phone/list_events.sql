SELECT event FROM phone_call_events WHERE source = $1 AND call_id = $2 ORDER BY id
