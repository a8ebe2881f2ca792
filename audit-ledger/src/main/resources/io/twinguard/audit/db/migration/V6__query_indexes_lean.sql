-- Query indexes at a lower write cost (issue 15). V2 gave every query column a B-tree of its own;
-- per appended leaf PostgreSQL then spent more CPU on the eight query indexes than on everything
-- else. Measured on PostgreSQL 17 (backend CPU per row, 307,200 rows in batches of 512): no query
-- index 9 to 10 us, V2 30 to 37 us, these indexes 18 to 21 us. Every compliance query (LeafFilter)
-- still has an index; query pages stay ordered by the primary key on idx.
--
-- * caller, target, purpose and bundle_revision: few distinct values with many rows each, which
--   a B-tree pays for on every insert (deduplicated posting lists, page splits in the middle of
--   the tree). One GIN index over the four (btree_gin gives text a GIN operator class) queues
--   new entries in its pending list and merges them in bulk; equality on each column alone is
--   served by the one index.
-- * decision_id: unique, so its B-tree inserted at a random place for every leaf (the most
--   expensive of the eight); only ever compared for equality, which a hash index serves.
-- * record_time: records are appended in time order, so a BRIN index (the time range of each
--   block range of the table) selects the blocks of a time range at almost no write cost.
-- * subjects and reason_codes keep their GIN indexes from V2.
--
-- btree_gin is a trusted extension in the PostgreSQL contrib modules (since PostgreSQL 13): the
-- owner of the database may create it; a configured database without the contrib modules fails
-- this migration, and the log does not start.
CREATE EXTENSION IF NOT EXISTS btree_gin;

DROP INDEX log_leaf_time;
DROP INDEX log_leaf_caller;
DROP INDEX log_leaf_target;
DROP INDEX log_leaf_purpose;
DROP INDEX log_leaf_decision_id;
DROP INDEX log_leaf_bundle_revision;

CREATE INDEX log_leaf_parties ON log_leaf USING GIN (caller, target, purpose, bundle_revision);
CREATE INDEX log_leaf_decision_id ON log_leaf USING HASH (decision_id);
CREATE INDEX log_leaf_time ON log_leaf USING BRIN (record_time);
