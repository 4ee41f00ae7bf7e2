-- Run records: one per (scale, spec, seed). Times are milliseconds since the epoch on the server's clock.
CREATE TABLE rtrain_run (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scale            TEXT    NOT NULL,
    spec_id          TEXT    NOT NULL,
    seed_index       INTEGER NOT NULL CHECK (seed_index >= 0),
    paper_table      INTEGER NOT NULL,
    spec_json        TEXT    NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'claimed', 'running', 'done', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    worker_id        TEXT,
    worker_host      TEXT,
    worker_pid       BIGINT,
    claim_token      TEXT,
    enqueued_at      BIGINT  NOT NULL,
    claimed_at       BIGINT,
    heartbeat_at     BIGINT,
    lease_expires_at BIGINT,
    epoch            INTEGER,
    step             BIGINT,
    finished_at      BIGINT,
    result_json      TEXT,
    failure          TEXT,
    CONSTRAINT rtrain_run_key UNIQUE (scale, spec_id, seed_index),
    CONSTRAINT rtrain_run_done_has_result CHECK (state <> 'done' OR result_json IS NOT NULL)
);
CREATE INDEX rtrain_run_by_state ON rtrain_run (state, id);
