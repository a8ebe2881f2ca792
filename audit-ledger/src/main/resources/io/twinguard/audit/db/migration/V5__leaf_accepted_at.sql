-- When the shared writer accepted the entry a leaf came from (log_entry.accepted_at), copied by the
-- integrator, so that the integration delay is measured from acceptance, not from the call. NULL for
-- leaves a single writer commits, which accepts and integrates in one commit: a nullable column
-- without a default costs those rows nothing (their entry_id and leaf_hash are NULL already).
ALTER TABLE log_leaf ADD COLUMN accepted_at TIMESTAMPTZ;
