-- Running clocks that need a reminder (less than the lead fraction left) or are past due.
SELECT c.ticket_id, c.clock, c.started_at, c.due_at, c.warned_at, c.overdue_at,
       t.number, t.subject, t.assignee, t.department, t.language
FROM ticket_clocks c JOIN tickets t ON t.id = c.ticket_id
WHERE c.stopped_at IS NULL AND c.paused_at IS NULL
  AND ((c.overdue_at IS NULL AND c.due_at < $1)
    OR (c.warned_at IS NULL AND c.clock <> 'ack' AND c.due_at >= $1 AND $1 >= c.due_at - (c.due_at - c.started_at) * $2::float8))
ORDER BY c.due_at LIMIT $3
FOR UPDATE OF c SKIP LOCKED
