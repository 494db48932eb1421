SELECT id, name, role, departments FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL
