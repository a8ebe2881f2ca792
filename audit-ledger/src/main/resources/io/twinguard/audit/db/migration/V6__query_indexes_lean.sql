-- Query indexes at a lower write cost (issue 15). V2 gave every query column a B-tree of its own;
-- per appended leaf PostgreSQL then spent more CPU on the eight query indexes than on everything
-- else. Every compliance query (LeafFilter) still has an index, and pages stay ordered by the
-- primary key on idx.
--
-- * caller, target and purpose: few distinct values with many rows each, which a B-tree pays for
--   on every insert (deduplicated posting lists split in the middle of the tree). One GIN index
--   over the three (btree_gin gives text a GIN operator class) queues new entries in its pending
--   list and merges them in bulk; equality on each column alone is served by the one index.
-- * decision_id: unique, so its B-tree inserted at a random place for every leaf (the most
--   expensive of the eight); only ever compared for equality, which a hash index serves.
-- * bundle_revision: a revision is current for a stretch of the log, so (bundle_revision, idx)
--   grows at the right edge of the current revision, as cheap as the B-tree on the time, and
--   gives a revision's records in index order: a page is read from the index, not by walking
--   the primary key until enough of a revision turn up (800 ms on 10^6 leaves with V2's index).
-- * record_time keeps its B-tree (leaves come in time order, so it grows at its right edge; a
--   BRIN index costs no less to write and the planner passes it over for the primary key).
-- * subjects and reason_codes keep their GIN indexes.
--
-- btree_gin is a trusted extension of the PostgreSQL contrib modules (since PostgreSQL 13): the
-- owner of the database may create it; a configured database without the contrib modules fails
-- this migration, and the log does not start.
CREATE EXTENSION IF NOT EXISTS btree_gin;

DROP INDEX log_leaf_caller;
DROP INDEX log_leaf_target;
DROP INDEX log_leaf_purpose;
DROP INDEX log_leaf_decision_id;
DROP INDEX log_leaf_bundle_revision;

CREATE INDEX log_leaf_parties ON log_leaf USING GIN (caller, target, purpose);
CREATE INDEX log_leaf_decision_id ON log_leaf USING HASH (decision_id);
CREATE INDEX log_leaf_bundle_revision ON log_leaf (bundle_revision, idx);
