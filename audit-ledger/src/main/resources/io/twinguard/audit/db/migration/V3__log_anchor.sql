-- Where each anchored checkpoint of the log landed on Hyperledger Fabric, keyed by the tree size of
-- the checkpoint (a row of log_checkpoint). No foreign key: after a rollback of the local log the
-- row still says what Fabric holds. block_number is NULL when the anchor was found on the ledger
-- (a commit whose answer was lost) rather than committed with a receipt by this process.
CREATE TABLE log_anchor (
  size         BIGINT      PRIMARY KEY CHECK (size > 0),
  tx_id        TEXT        NOT NULL,
  block_number BIGINT      CHECK (block_number >= 0),
  anchored_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
