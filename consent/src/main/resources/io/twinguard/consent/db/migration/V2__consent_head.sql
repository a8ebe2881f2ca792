-- The version in force of each consent record (the highest in consent_version), kept beside the
-- history so that the broker's lookup reads one row per record by (subject, recipient_org), and so
-- that a change can lock its record's row (SELECT ... FOR UPDATE) while it is being made.
CREATE TABLE consent_head (
  id            TEXT    PRIMARY KEY,
  version       INTEGER NOT NULL CHECK (version >= 1),
  subject       TEXT    NOT NULL,
  recipient_org TEXT    NOT NULL,
  record        JSONB   NOT NULL,
  policy_view   JSONB   NOT NULL
);
CREATE INDEX consent_head_subject_org ON consent_head (subject, recipient_org);
