-- Return visits made in [$1, $2): satisfied = a rating of 4 or 5.
SELECT count(*) AS visits, count(*) FILTER (WHERE reached) AS reached, count(satisfaction) AS rated,
       count(*) FILTER (WHERE satisfaction >= 4) AS satisfied, count(*) FILTER (WHERE late) AS late
FROM return_visits
WHERE at >= $1 AND at < $2
