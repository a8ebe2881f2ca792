-- Shared writers (log.writers: shared). Each writer appends its records here, durably, and answers
-- then; the one integrator of the log (the holder of a PostgreSQL advisory lock) moves entries into
-- log_leaf in id order, with dense indices it gives, and deletes them in the same transaction. The
-- columns are those of log_leaf, from the same typed record as the leaf, so integrating copies
-- rows and never parses a leaf. Ids may have gaps (a rolled-back insert uses its ids up) and may
-- commit out of order; the integrator takes what is committed, so neither stalls it.
CREATE TABLE log_entry (
  id              BIGSERIAL   PRIMARY KEY,
  leaf            BYTEA       NOT NULL,
  leaf_hash       BYTEA       NOT NULL CHECK (length(leaf_hash) = 32),
  writer          TEXT        NOT NULL,
  accepted_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  kind            TEXT        NOT NULL,
  record_time     TIMESTAMPTZ NOT NULL,
  decision_id     TEXT,
  caller          TEXT,
  target          TEXT,
  purpose         TEXT,
  decision        TEXT,
  bundle_revision TEXT,
  subjects        TEXT[]      NOT NULL DEFAULT '{}',
  reason_codes    TEXT[]      NOT NULL DEFAULT '{}'
);

-- Which entry a leaf came from and its RFC 9162 leaf hash: written by the integrator only, so a
-- writer finds the index of its accepted entry and anyone a proof by leaf hash. Both stay NULL for
-- leaves a single writer commits, and the partial indexes skip those rows: the single writer's
-- commit does no more work than before. The unique index makes integrating an entry twice fail.
ALTER TABLE log_leaf ADD COLUMN entry_id BIGINT, ADD COLUMN leaf_hash BYTEA;
CREATE UNIQUE INDEX log_leaf_entry_id ON log_leaf (entry_id) WHERE entry_id IS NOT NULL;
CREATE INDEX log_leaf_leaf_hash ON log_leaf (leaf_hash) WHERE leaf_hash IS NOT NULL;
