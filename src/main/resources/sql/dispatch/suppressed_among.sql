-- Which of these addresses (lower-case) must not get automatic mail now.
SELECT lower(address) AS address FROM suppressed_recipients WHERE lower(address) = ANY($1::text[]) AND until > $2
