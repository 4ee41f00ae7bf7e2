-- Run records: one per (scale, spec, seed). Times are milliseconds since the epoch.
CREATE TABLE rtrain_run (
    id               INTEGER PRIMARY KEY,
    scale            TEXT    NOT NULL,
    spec_id          TEXT    NOT NULL,
    seed_index       INTEGER NOT NULL CHECK (seed_index >= 0),
    paper_table      INTEGER NOT NULL,
    spec_json        TEXT    NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'claimed', 'running', 'done', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    worker_id        TEXT,
    worker_host      TEXT,
    worker_pid       INTEGER,
    claim_token      TEXT,
    enqueued_at      INTEGER NOT NULL,
    claimed_at       INTEGER,
    heartbeat_at     INTEGER,
    lease_expires_at INTEGER,
    epoch            INTEGER,
    step             INTEGER,
    finished_at      INTEGER,
    result_json      TEXT,
    failure          TEXT,
    CONSTRAINT rtrain_run_key UNIQUE (scale, spec_id, seed_index),
    CONSTRAINT rtrain_run_done_has_result CHECK (state <> 'done' OR result_json IS NOT NULL)
);
CREATE INDEX rtrain_run_by_state ON rtrain_run (state, id);
