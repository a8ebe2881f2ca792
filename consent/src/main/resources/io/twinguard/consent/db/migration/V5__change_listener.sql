-- The broker processes that cache consents, and which consent changes each has seen. A change is
-- numbered from change_seq and announced with NOTIFY; each live listener (beat_at recent) drops
-- its cached entries and inserts an ack; a withdrawal is reported done once every live listener
-- acked it, so no broker serves the withdrawn consent from its cache afterwards.
CREATE SEQUENCE change_seq;
CREATE TABLE change_listener (
  instance TEXT        PRIMARY KEY,
  beat_at  TIMESTAMPTZ NOT NULL
);
CREATE TABLE change_ack (
  change_id BIGINT      NOT NULL,
  instance  TEXT        NOT NULL,
  acked_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (change_id, instance)
);
