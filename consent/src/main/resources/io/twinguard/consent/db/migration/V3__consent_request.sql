-- Requests for consent made from denials (the policies' request_consent obligation): one per
-- (subject, recipient organisation, purpose, data categories, explicit), however often the same
-- denial repeats. consent_id names the record the request created (first version: requested).
CREATE TABLE consent_request (
  request_key TEXT        PRIMARY KEY,
  consent_id  TEXT        NOT NULL UNIQUE,
  subject     TEXT        NOT NULL,
  requester   TEXT        NOT NULL,
  asked       INTEGER     NOT NULL DEFAULT 1 CHECK (asked >= 1),
  first_asked TIMESTAMPTZ NOT NULL,
  last_asked  TIMESTAMPTZ NOT NULL
);
CREATE INDEX consent_request_subject ON consent_request (subject);
