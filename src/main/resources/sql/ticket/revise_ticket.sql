-- New content for an existing ticket. Classification and routing follow the content only while
-- the ticket is still 'new': once people work on it, their decisions stand. Contacts are only added.
UPDATE tickets SET
  customer_name    = COALESCE(customer_name, $2),
  customer_phone   = COALESCE(customer_phone, $3),
  customer_email   = COALESCE(customer_email, $4),
  customer_address = COALESCE(customer_address, $5),
  language         = $6,
  subject          = $7,
  body             = $8,
  body_html        = $9,
  claim_amount     = COALESCE($10, claim_amount),
  kind             = CASE WHEN status = 'new' THEN $11 ELSE kind END,
  category         = CASE WHEN status = 'new' THEN $12 ELSE category END,
  severity         = CASE WHEN status = 'new' THEN $13 ELSE severity END,
  department       = CASE WHEN status = 'new' THEN $14 ELSE department END,
  flags            = ARRAY(SELECT DISTINCT f FROM unnest(flags || $15::text[]) AS f WHERE f <> ALL($16::text[])),
  matched_rules    = $17,
  search_grams     = $18,
  version          = version + 1,
  updated_at       = now()
WHERE id = $1
RETURNING id, number, status, version
