-- Acknowledgements sent to each of these addresses (stored lower-case) since the start of the cap window.
SELECT recipient AS address, count(*) AS n FROM outbox
WHERE recipient = ANY($1::text[]) AND state = 'sent' AND sent_at > $2 AND purpose = 'ack'
GROUP BY recipient
