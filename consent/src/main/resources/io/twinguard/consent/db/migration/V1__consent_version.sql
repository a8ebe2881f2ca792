-- Every version of every consent record, never updated or deleted: a change inserts the next
-- version. record is Consent.toJson(); audit_index is the leaf of the change's audit record;
-- receipt is the JWS receipt of the change.
CREATE TABLE consent_version (
  id          TEXT    NOT NULL,
  version     INTEGER NOT NULL CHECK (version >= 1),
  subject     TEXT    NOT NULL,
  status      TEXT    NOT NULL,
  record      JSONB   NOT NULL,
  audit_index BIGINT  NOT NULL CHECK (audit_index >= 0),
  receipt     TEXT    NOT NULL,
  PRIMARY KEY (id, version)
);
CREATE INDEX consent_version_subject ON consent_version (subject);
