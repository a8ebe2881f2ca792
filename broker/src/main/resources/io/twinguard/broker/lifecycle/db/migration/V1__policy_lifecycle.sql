-- Policy bundles uploaded by policy authors, one row per revision (the bundle manifest's revision),
-- never updated or deleted: every revision stays available for activation, rollback, replay and
-- explanations. bundle is the gzipped tar as uploaded (its signature verified again whenever a
-- broker loads it); rules is the RuleIndex of its Rego sources; audit_index the leaf of its upload
-- record.
CREATE TABLE bundle_revision (
  revision     TEXT        PRIMARY KEY,
  digest       TEXT        NOT NULL,
  bundle       BYTEA       NOT NULL,
  rules        TEXT        NOT NULL,
  tests        INTEGER     NOT NULL CHECK (tests >= 1),
  uploaded_by  TEXT        NOT NULL,
  uploaded_at  TIMESTAMPTZ NOT NULL,
  audit_index  BIGINT      NOT NULL CHECK (audit_index >= 0)
);

-- Every activation and rollback, in order: the revision of the newest row is the one every broker
-- on this database must run. An activate pushes its revision, a rollback pops back to the one
-- below; previous is the revision active before. Announced with NOTIFY twinguard_policy.
CREATE TABLE activation (
  seq          BIGSERIAL   PRIMARY KEY,
  revision     TEXT        NOT NULL REFERENCES bundle_revision (revision),
  action       TEXT        NOT NULL CHECK (action IN ('activate', 'rollback')),
  previous     TEXT,
  actor        TEXT        NOT NULL,
  at           TIMESTAMPTZ NOT NULL,
  audit_index  BIGINT      NOT NULL CHECK (audit_index >= 0)
);

-- Which revision each broker process runs, written whenever it converges, for operators.
CREATE TABLE broker_state (
  instance     TEXT        PRIMARY KEY,
  revision     TEXT        NOT NULL,
  seen_at      TIMESTAMPTZ NOT NULL
);

-- The registry snapshots decision records refer to (policy_input.registry), each stored once: its
-- RFC 8785 canonical JSON, whose RFC 9530 digest is the key.
CREATE TABLE registry_snapshot (
  digest       TEXT        PRIMARY KEY,
  registry     TEXT        NOT NULL,
  first_seen   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The consent records decision records refer to (policy_input.consents), each version stored once,
-- as the policies saw it (pseudonymous subject ids only).
CREATE TABLE consent_snapshot (
  id           TEXT        NOT NULL,
  version      INTEGER     NOT NULL CHECK (version >= 0),
  view         TEXT        NOT NULL,
  first_seen   TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (id, version)
);

-- Live decisions a shadow revision would have made differently: never acted on, kept for review.
CREATE TABLE shadow_disagreement (
  id               BIGSERIAL   PRIMARY KEY,
  decision_id      TEXT        NOT NULL,
  at               TIMESTAMPTZ NOT NULL,
  active_revision  TEXT        NOT NULL,
  shadow_revision  TEXT        NOT NULL,
  change           TEXT        NOT NULL,
  policy           TEXT        NOT NULL,
  code             TEXT        NOT NULL,
  active           TEXT        NOT NULL,
  shadow           TEXT        NOT NULL
);
CREATE INDEX shadow_disagreement_at ON shadow_disagreement (at);
