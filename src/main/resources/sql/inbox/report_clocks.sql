-- Deadlines that fell due in [$1, $2) and have an outcome, per clock.
SELECT clock, count(*) FILTER (WHERE outcome = 'met') AS met, count(*) FILTER (WHERE outcome = 'missed') AS missed
FROM ticket_clocks
WHERE due_at >= $1 AND due_at < $2 AND outcome IS NOT NULL
GROUP BY clock
ORDER BY clock
