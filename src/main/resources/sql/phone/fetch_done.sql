UPDATE phone_recording_fetches SET state = 'done', done_at = now(), last_error = NULL WHERE id = $1
