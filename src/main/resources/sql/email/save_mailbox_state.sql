-- Advances only: a late commit of an earlier UID never moves the watermark back.
INSERT INTO mailbox_state (source, folder, uid_validity, last_uid) VALUES ($1, $2, $3, $4)
ON CONFLICT (source) DO UPDATE SET folder = EXCLUDED.folder, uid_validity = EXCLUDED.uid_validity,
  last_uid = CASE WHEN mailbox_state.uid_validity = EXCLUDED.uid_validity AND mailbox_state.folder = EXCLUDED.folder
                  THEN GREATEST(mailbox_state.last_uid, EXCLUDED.last_uid) ELSE EXCLUDED.last_uid END,
  updated_at = now()
