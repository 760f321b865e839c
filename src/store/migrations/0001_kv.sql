-- The store's contract on PostgreSQL: every record a key and a value, ordered bytewise (bytea
-- compares like sled's keys), so prefix scans and the time-ordered job queue (`j/…`) are
-- range scans of the primary key.
CREATE TABLE coach_kv (
    k BYTEA PRIMARY KEY,
    v BYTEA NOT NULL
);
-- One row per user: a turn's transaction will lock it (SELECT … FOR UPDATE) so that one
-- user's turns never interleave across coach processes.
CREATE TABLE coach_users (
    id TEXT PRIMARY KEY
);
