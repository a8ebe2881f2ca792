-- Withdrawal notices: one per (consent, withdrawn version, twin that received data under the
-- consent). state: pending while being sent, confirmed when the twin acknowledged it, unconfirmed
-- when every retry failed. audit_index is the leaf recording the outcome.
CREATE TABLE consent_notice (
  consent_id  TEXT        NOT NULL,
  version     INTEGER     NOT NULL,
  twin        TEXT        NOT NULL,
  state       TEXT        NOT NULL CHECK (state IN ('pending', 'confirmed', 'unconfirmed')),
  attempts    INTEGER     NOT NULL DEFAULT 0,
  detail      TEXT,
  audit_index BIGINT,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (consent_id, version, twin)
);
