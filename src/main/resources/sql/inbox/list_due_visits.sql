-- Every complaint resolved in [$1, $2), plus a stable sample ($3 %) of complaints being worked on;
-- hashtext on the id keeps the sample the same however often the list is asked for.
SELECT t.id, t.number, t.status, t.department, t.assignee, t.subject, t.customer_name, t.customer_phone,
       t.customer_email, t.resolved_at, c.due_at AS visit_due_at,
       CASE WHEN t.resolved_at >= $1 AND t.resolved_at < $2 AND t.status IN ('resolved', 'closed')
            THEN 'resolved' ELSE 'sample' END AS reason,
       EXISTS (SELECT 1 FROM return_visits v WHERE v.ticket_id = t.id
               AND v.at >= coalesce(t.resolved_at, '-infinity')) AS visited
FROM tickets t
LEFT JOIN ticket_clocks c ON c.ticket_id = t.id AND c.clock = 'return_visit'
WHERE t.kind = 'complaint'
  AND ((t.status IN ('resolved', 'closed') AND t.resolved_at >= $1 AND t.resolved_at < $2)
       OR (t.status IN ('in_progress', 'replied', 'escalated', 'reopened') AND mod(abs(hashtext(t.id::text)), 100) < $3))
