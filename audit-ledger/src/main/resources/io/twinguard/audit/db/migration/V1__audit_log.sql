-- The verifiable audit log (RFC 9162). One row per leaf; the leaf bytes are the RFC 8785
-- canonical JSON of the record and the only source of truth. The other columns of log_leaf are
-- derived from those bytes by the INSERT, for compliance queries.
CREATE TABLE log_leaf (
  idx             BIGINT      PRIMARY KEY CHECK (idx >= 0),
  leaf            BYTEA       NOT NULL,
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

-- The hash of every complete subtree, keyed by (level, index): level 0 holds the leaf hashes, and
-- the node at level L and index i covers leaves [i * 2^L, (i + 1) * 2^L). About 2n rows; a proof
-- reads O(log n) of them by primary key.
CREATE TABLE log_node (
  level SMALLINT NOT NULL CHECK (level BETWEEN 0 AND 63),
  idx   BIGINT   NOT NULL CHECK (idx >= 0),
  hash  BYTEA    NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (level, idx)
);

-- Signed tree heads: C2SP tlog-checkpoint signed notes, one per committed batch.
CREATE TABLE log_checkpoint (
  size       BIGINT      PRIMARY KEY CHECK (size > 0),
  root       BYTEA       NOT NULL CHECK (length(root) = 32),
  note       TEXT        NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
