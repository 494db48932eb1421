-- Calls still ringing past their ring time: to be marked missed.
SELECT source, call_id FROM phone_calls WHERE ring_deadline <= $1 ORDER BY ring_deadline LIMIT $2
