package org.rtrain.experiments.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.perturb.io.FaultInjection;
import org.rtrain.reports.results.RunResult;

/**
 * The run store on a JDBC database; what differs between SQLite and PostgreSQL is in
 * {@link Dialect}. Each operation borrows a connection of its own from a few kept open (opening one
 * to a loaded PostgreSQL server costs a good part of a second), so the store is safe to share
 * between a worker's training thread and its lease-renewal thread. A connection that fails is
 * closed, never reused, so the store recovers by itself when the server comes back.
 */
final class JdbcRunStore implements RunStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Connections kept open between operations: a worker uses two at most (training and lease threads). */
    private static final int MAX_IDLE_CONNECTIONS = 4;
    private static final String ACTIVE = "('claimed', 'running')";
    private static final String COLUMNS = "id, scale, spec_id, seed_index, paper_table, state, attempts, worker_id, "
            + "worker_host, worker_pid, enqueued_at, claimed_at, heartbeat_at, lease_expires_at, epoch, step, "
            + "finished_at, failure";

    private final StoreUrl url;
    private final Dialect dialect;
    private final String now;
    private final int schemaVersion;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private boolean closed;

    private JdbcRunStore(StoreUrl url, int schemaVersion) {
        this.url = url;
        this.dialect = url.dialect();
        this.now = dialect.nowMillis();
        this.schemaVersion = schemaVersion;
    }

    static JdbcRunStore open(StoreUrl url) {
        try (Connection connection = url.dialect().connect(url)) {
            return new JdbcRunStore(url, SchemaMigrations.migrate(connection, url.dialect(), url.toString()));
        } catch (SQLException e) {
            throw new RunStoreException("Cannot open the run store " + url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String description() {
        return url.toString();
    }

    @Override
    public int schemaVersion() {
        return schemaVersion;
    }

    @Override
    public long now() {
        return read("read the time", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + now); ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public EnqueueReport enqueue(List<ExperimentSpec> specs) {
        return write("enqueue runs", c -> {
            int added = 0;
            int present = 0;
            List<RunKey> changed = new ArrayList<>();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO rtrain_run (scale, spec_id, seed_index, "
                    + "paper_table, spec_json, state, attempts, enqueued_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, "
                    + now + ") ON CONFLICT (scale, spec_id, seed_index) DO NOTHING");
                 PreparedStatement stored = c.prepareStatement("SELECT spec_json FROM rtrain_run "
                         + "WHERE scale = ? AND spec_id = ? AND seed_index = ?")) {
                // Seed by seed across the specs: runs are claimed in this order, so seed-matched comparisons of the
                // variants grow together and a set stopped part-way is balanced.
                int maxSeeds = specs.stream().mapToInt(ExperimentSpec::seeds).max().orElse(0);
                for (int seed = 0; seed < maxSeeds; seed++) {
                    for (ExperimentSpec spec : specs) {
                        if (seed >= spec.seeds()) {
                            continue;
                        }
                        String json = spec.toJson();
                        RunKey key = new RunKey(spec.scale().code(), spec.id(), seed);
                        insert.setString(1, key.scale());
                        insert.setString(2, key.specId());
                        insert.setInt(3, seed);
                        insert.setInt(4, spec.table());
                        insert.setString(5, json);
                        if (insert.executeUpdate() == 1) {
                            added++;
                            continue;
                        }
                        present++;
                        setKey(stored, 1, key);
                        try (ResultSet rs = stored.executeQuery()) {
                            rs.next();
                            if (!sameRuns(rs.getString(1), spec)) {
                                changed.add(key);
                            }
                        }
                    }
                }
            }
            return new EnqueueReport(added, present, changed);
        });
    }

    /** Whether a stored spec describes the same runs as {@code spec} (the number of seeds aside). */
    private static boolean sameRuns(String storedJson, ExperimentSpec spec) {
        try {
            return ExperimentSpec.fromJson(storedJson).withSeeds(1).equals(spec.withSeeds(1));
        } catch (IllegalArgumentException e) {
            return false; // written by an rtrain whose specs differ from this one's
        }
    }

    @Override
    public int retryFailed(RunFilter filter) {
        return write("retry failed runs", c -> {
            List<Object> parameters = new ArrayList<>();
            String where = filterSql(filter, parameters);
            try (PreparedStatement s = c.prepareStatement("UPDATE rtrain_run SET state = 'pending', attempts = 0, "
                    + "failure = NULL, finished_at = NULL, claim_token = NULL, lease_expires_at = NULL "
                    + "WHERE state = 'failed'" + where)) {
                bind(s, 1, parameters);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public Optional<RunClaim> claim(WorkerIdentity worker, RunFilter filter, LeasePolicy policy) {
        return write("claim a run", c -> {
            List<Object> parameters = new ArrayList<>();
            String where = filterSql(filter, parameters);
            String candidate = "SELECT id, scale, spec_id, seed_index, spec_json, state, attempts, worker_id "
                    + "FROM rtrain_run WHERE (state = 'pending' OR (state IN " + ACTIVE + " AND lease_expires_at < "
                    + now + "))" + where + " ORDER BY id LIMIT 1" + dialect.lockClause();
            try (PreparedStatement select = c.prepareStatement(candidate)) {
                bind(select, 1, parameters);
                while (true) {
                    long id;
                    RunKey key;
                    String specJson;
                    int attempts;
                    boolean expired;
                    String lastWorker;
                    try (ResultSet rs = select.executeQuery()) {
                        if (!rs.next()) {
                            return Optional.empty();
                        }
                        id = rs.getLong(1);
                        key = new RunKey(rs.getString(2), rs.getString(3), rs.getInt(4));
                        specJson = rs.getString(5);
                        expired = !rs.getString(6).equals(RunState.PENDING.code());
                        attempts = rs.getInt(7);
                        lastWorker = rs.getString(8);
                    }
                    if (expired && attempts >= policy.maxAttempts()) {
                        giveUp(c, id, attempts, lastWorker);
                        continue;
                    }
                    String token = UUID.randomUUID().toString();
                    try (PreparedStatement update = c.prepareStatement("UPDATE rtrain_run SET state = 'claimed', "
                            + "attempts = attempts + 1, worker_id = ?, worker_host = ?, worker_pid = ?, "
                            + "claim_token = ?, claimed_at = " + now + ", heartbeat_at = " + now + ", "
                            + "lease_expires_at = " + now + " + ?, epoch = NULL, step = NULL WHERE id = ?")) {
                        update.setString(1, worker.id());
                        update.setString(2, worker.host());
                        update.setLong(3, worker.pid());
                        update.setString(4, token);
                        update.setLong(5, policy.lease().toMillis());
                        update.setLong(6, id);
                        update.executeUpdate();
                    }
                    return Optional.of(new RunClaim(id, key, specJson, attempts + 1, token, worker));
                }
            }
        });
    }

    private void giveUp(Connection c, long id, int attempts, String lastWorker) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE rtrain_run SET state = 'failed', failure = ?, "
                + "finished_at = " + now + ", claim_token = NULL, lease_expires_at = NULL WHERE id = ?")) {
            s.setString(1, "lease expired on all " + attempts + " attempts (last worker " + lastWorker + "): "
                    + "its workers died or lost the store each time; not claimed again. Re-enqueue with "
                    + "--retry-failed after fixing the cause.");
            s.setLong(2, id);
            s.executeUpdate();
        }
    }

    @Override
    public boolean heartbeat(RunClaim claim, ProgressPoint progress, Duration lease) {
        return write("renew the lease of " + claim.key(), c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE rtrain_run SET state = 'running', "
                    + "epoch = COALESCE(?, epoch), step = COALESCE(?, step), heartbeat_at = " + now + ", "
                    + "lease_expires_at = " + now + " + ? WHERE id = ? AND claim_token = ? AND state IN " + ACTIVE)) {
                if (progress == null) {
                    s.setNull(1, Types.INTEGER);
                    s.setNull(2, Types.BIGINT);
                } else {
                    s.setInt(1, progress.epoch());
                    s.setLong(2, progress.step());
                }
                s.setLong(3, lease.toMillis());
                s.setLong(4, claim.id());
                s.setString(5, claim.token());
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void complete(RunClaim claim, RunResult result) {
        RunKey key = claim.key();
        if (!new RunKey(result.scale().code(), result.specId(), result.seedIndex()).equals(key)) {
            throw new IllegalArgumentException("result of " + result.scale().code() + "/" + result.specId() + "/seed-"
                    + result.seedIndex() + " given for the claimed run " + key);
        }
        String json;
        try {
            json = JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise the result of " + key + ": " + e.getMessage(), e);
        }
        boolean stored = write("store the result of " + key, c -> {
            boolean updated = endClaim(c, claim, "state = 'done', result_json = ?, failure = NULL", json);
            // Crash point (occurrence: the seed index): the result row is updated, the transaction not committed.
            FaultInjection.crashAt("store-result-written", key.seedIndex());
            return updated;
        });
        if (!stored) {
            throw new LeaseLostException(key);
        }
    }

    @Override
    public boolean fail(RunClaim claim, String reason) {
        return write("record the failure of " + claim.key(), c -> endClaim(c, claim, "state = 'failed', failure = ?",
                reason));
    }

    /**
     * Ends {@code claim} with {@code assignments} (one {@code ?} parameter, {@code value}), releasing its lease;
     * false when the claim is no longer held.
     */
    private boolean endClaim(Connection c, RunClaim claim, String assignments, String value) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE rtrain_run SET " + assignments + ", finished_at = "
                + now + ", claim_token = NULL, lease_expires_at = NULL WHERE id = ? AND claim_token = ? AND state IN "
                + ACTIVE)) {
            s.setString(1, value);
            s.setLong(2, claim.id());
            s.setString(3, claim.token());
            return s.executeUpdate() == 1;
        }
    }

    @Override
    public boolean release(RunClaim claim) {
        return write("release " + claim.key(), c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE rtrain_run SET state = 'pending', "
                    + "attempts = attempts - 1, claim_token = NULL, lease_expires_at = NULL "
                    + "WHERE id = ? AND claim_token = ? AND state IN " + ACTIVE)) {
                s.setLong(1, claim.id());
                s.setString(2, claim.token());
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean expireLease(RunKey key, String workerId) {
        return write("expire the lease of " + key, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE rtrain_run SET lease_expires_at = " + now
                    + " - 1 WHERE scale = ? AND spec_id = ? AND seed_index = ? AND worker_id = ? AND state IN "
                    + ACTIVE)) {
                s.setString(1, key.scale());
                s.setString(2, key.specId());
                s.setInt(3, key.seedIndex());
                s.setString(4, workerId);
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<RunRecord> runs(RunFilter filter) {
        return read("list runs", c -> {
            List<Object> parameters = new ArrayList<>();
            String where = filterSql(filter, parameters);
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM rtrain_run WHERE 1 = 1"
                    + where + " ORDER BY id")) {
                bind(s, 1, parameters);
                List<RunRecord> records = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        records.add(record(rs));
                    }
                }
                return records;
            }
        });
    }

    @Override
    public Map<RunState, Integer> counts(RunFilter filter) {
        return read("count runs", c -> {
            List<Object> parameters = new ArrayList<>();
            String where = filterSql(filter, parameters);
            Map<RunState, Integer> counts = new EnumMap<>(RunState.class);
            for (RunState state : RunState.values()) {
                counts.put(state, 0);
            }
            try (PreparedStatement s = c.prepareStatement("SELECT state, COUNT(*) FROM rtrain_run WHERE 1 = 1"
                    + where + " GROUP BY state")) {
                bind(s, 1, parameters);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        counts.put(RunState.parse(rs.getString(1)), rs.getInt(2));
                    }
                }
            }
            return counts;
        });
    }

    @Override
    public List<RunResult> results(Optional<String> scale) {
        List<RunResult> results = read("read results", c -> {
            List<Object> parameters = new ArrayList<>();
            String where = filterSql(new RunFilter(scale, Optional.empty(), java.util.Set.of()), parameters);
            try (PreparedStatement s = c.prepareStatement("SELECT scale, spec_id, seed_index, result_json "
                    + "FROM rtrain_run WHERE state = 'done'" + where)) {
                bind(s, 1, parameters);
                List<RunResult> found = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        found.add(parseResult(new RunKey(rs.getString(1), rs.getString(2), rs.getInt(3)),
                                rs.getString(4)));
                    }
                }
                return found;
            }
        });
        results.sort(Comparator.comparing(RunResult::scale).thenComparing(RunResult::specId)
                .thenComparingInt(RunResult::seedIndex));
        return results;
    }

    private RunResult parseResult(RunKey key, String json) {
        try {
            return JSON.readValue(json, RunResult.class);
        } catch (IOException e) {
            throw new RunStoreException("The result of " + key + " in the run store " + url + " is not a valid run "
                    + "result: " + e.getMessage(), e);
        }
    }

    private static RunRecord record(ResultSet rs) throws SQLException {
        RunKey key = new RunKey(rs.getString("scale"), rs.getString("spec_id"), rs.getInt("seed_index"));
        String workerId = rs.getString("worker_id");
        WorkerIdentity worker = workerId == null ? null
                : new WorkerIdentity(workerId, rs.getString("worker_host"), rs.getLong("worker_pid"));
        Long epoch = nullableLong(rs, "epoch");
        return new RunRecord(key, rs.getInt("paper_table"), RunState.parse(rs.getString("state")),
                rs.getInt("attempts"), worker, rs.getLong("enqueued_at"), nullableLong(rs, "claimed_at"),
                nullableLong(rs, "heartbeat_at"), nullableLong(rs, "lease_expires_at"),
                epoch == null ? null : epoch.intValue(), nullableLong(rs, "step"), nullableLong(rs, "finished_at"),
                rs.getString("failure"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** The filter as {@code AND ...} conditions, their values appended to {@code parameters}. */
    private static String filterSql(RunFilter filter, List<Object> parameters) {
        StringBuilder sql = new StringBuilder();
        filter.scale().ifPresent(s -> {
            sql.append(" AND scale = ?");
            parameters.add(s);
        });
        filter.table().ifPresent(t -> {
            sql.append(" AND paper_table = ?");
            parameters.add(t);
        });
        if (!filter.specIds().isEmpty()) {
            sql.append(" AND spec_id IN (").append(String.join(", ", java.util.Collections.nCopies(
                    filter.specIds().size(), "?"))).append(')');
            parameters.addAll(new java.util.TreeSet<>(filter.specIds()));
        }
        return sql.toString();
    }

    private static void bind(PreparedStatement s, int first, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            if (value instanceof Integer number) {
                s.setInt(first + i, number);
            } else {
                s.setString(first + i, (String) value);
            }
        }
    }

    private static void setKey(PreparedStatement s, int first, RunKey key) throws SQLException {
        s.setString(first, key.scale());
        s.setString(first + 1, key.specId());
        s.setInt(first + 2, key.seedIndex());
    }

    /** Work on one connection. */
    @FunctionalInterface
    private interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in one transaction (on SQLite, holding the write lock from its start). */
    private <T> T write(String what, SqlWork<T> work) {
        return withConnection(what, c -> {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                c.setAutoCommit(true);
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    // SQLite rolls a transaction back by itself on a full disk or an I/O error; the error that
                    // caused it is the one to report, not that there is nothing left to roll back.
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        });
    }

    /** Runs read-only {@code work} in auto-commit mode, so it never waits for or blocks a writer. */
    private <T> T read(String what, SqlWork<T> work) {
        return withConnection(what, work);
    }

    private <T> T withConnection(String what, SqlWork<T> work) {
        Connection c = null;
        try {
            c = borrow();
            T result = work.apply(c);
            giveBack(c);
            return result;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            if (e instanceof SQLException sql) {
                throw new RunStoreException("Run store " + url + ": cannot " + what + ": " + sql.getMessage(), sql);
            }
            throw (RuntimeException) e;
        }
    }

    private Connection borrow() throws SQLException {
        synchronized (idle) {
            if (closed) {
                throw new IllegalStateException("The run store " + url + " is closed");
            }
            Connection kept = idle.poll();
            if (kept != null) {
                return kept;
            }
        }
        return dialect.connect(url);
    }

    private void giveBack(Connection c) {
        synchronized (idle) {
            if (!closed && idle.size() < MAX_IDLE_CONNECTIONS) {
                idle.push(c);
                return;
            }
        }
        closeQuietly(c);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            // Already broken: dropping it is all that is left to do.
        }
    }

    @Override
    public void close() {
        synchronized (idle) {
            closed = true;
            idle.forEach(JdbcRunStore::closeQuietly);
            idle.clear();
        }
    }
}
