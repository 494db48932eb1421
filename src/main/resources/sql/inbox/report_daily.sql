-- Tickets per local day (Asia/Shanghai) and channel in [$1, $2).
SELECT (received_at AT TIME ZONE 'Asia/Shanghai')::date AS day, channel, count(*) AS n
FROM tickets WHERE received_at >= $1 AND received_at < $2
GROUP BY 1, 2
