-- A letter's ticket and the metadata JSON stored at upload (its first raw input).
SELECT t.source, t.external_id, t.received_at, t.customer_name, t.customer_address,
       (SELECT convert_from(r.bytes, 'UTF8') FROM raw_inputs r
        WHERE r.ticket_id = t.id AND r.content_type = 'application/json' ORDER BY r.id LIMIT 1) AS metadata
FROM tickets t
WHERE t.id = $1
