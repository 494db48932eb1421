-- Tickets received in [$1, $2) counted along each reporting dimension.
SELECT 'channel' AS dimension, channel AS key, count(*) AS n FROM tickets WHERE received_at >= $1 AND received_at < $2 GROUP BY channel
UNION ALL
SELECT 'kind', kind, count(*) FROM tickets WHERE received_at >= $1 AND received_at < $2 GROUP BY kind
UNION ALL
SELECT 'category', category, count(*) FROM tickets WHERE received_at >= $1 AND received_at < $2 GROUP BY category
UNION ALL
SELECT 'severity', severity, count(*) FROM tickets WHERE received_at >= $1 AND received_at < $2 GROUP BY severity
UNION ALL
SELECT 'department', coalesce(department, ''), count(*) FROM tickets WHERE received_at >= $1 AND received_at < $2 GROUP BY department
