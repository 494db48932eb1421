-- A customer's reply reopens a finished ticket (the caller holds the row lock).
UPDATE tickets SET status = 'reopened', version = version + 1, updated_at = now()
WHERE id = $1 AND status IN ('resolved', 'closed')
