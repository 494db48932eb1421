INSERT INTO api_tokens (id, name, role, token_hash, departments) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (token_hash) DO NOTHING
