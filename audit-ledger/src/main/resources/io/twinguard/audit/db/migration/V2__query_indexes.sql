-- Indexes for the compliance queries of auditors.
CREATE INDEX log_leaf_time ON log_leaf (record_time);
CREATE INDEX log_leaf_caller ON log_leaf (caller);
CREATE INDEX log_leaf_target ON log_leaf (target);
CREATE INDEX log_leaf_purpose ON log_leaf (purpose);
CREATE INDEX log_leaf_decision_id ON log_leaf (decision_id);
CREATE INDEX log_leaf_bundle_revision ON log_leaf (bundle_revision);
CREATE INDEX log_leaf_subjects ON log_leaf USING GIN (subjects);
CREATE INDEX log_leaf_reason_codes ON log_leaf USING GIN (reason_codes);
