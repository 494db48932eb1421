SELECT count(*) FROM api_tokens WHERE role = 'admin' AND revoked_at IS NULL
