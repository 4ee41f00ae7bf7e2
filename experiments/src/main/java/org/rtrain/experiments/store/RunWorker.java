package org.rtrain.experiments.store;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.reports.results.RunResult;

/**
 * Takes runs from a {@link RunStore} one at a time and executes them: claim, renew the lease on a
 * background thread while training, store the result and mark the run done; on an exception, mark
 * it failed with the reason. Any number of workers, in any number of processes and machines, can
 * share one store; each run is completed exactly once.
 *
 * <p>The worker stops when no run it could take is left: none pending, and none in flight under
 * another worker (whose run it takes over if that worker dies and its lease expires), unless
 * {@link WorkerOptions#waitForWork()} keeps it polling for new runs.
 */
public final class RunWorker {

    /** Characters of a failure's stack trace kept in the store. */
    static final int MAX_FAILURE_LENGTH = 8_000;

    private final RunStore store;
    private final RunExecutor executor;
    private final WorkerOptions options;
    private final PrintStream log;
    private final AtomicReference<Lease> current = new AtomicReference<>();
    private volatile boolean stopping;

    /**
     * @param store    where the runs are
     * @param executor what trains a run
     * @param options  identity, filter, lease policy and polling
     * @param log      where one line per claim, result and failure goes
     */
    public RunWorker(RunStore store, RunExecutor executor, WorkerOptions options, PrintStream log) {
        this.store = store;
        this.executor = executor;
        this.options = options;
        this.log = log;
    }

    /**
     * How a worker's session went.
     *
     * @param completed runs it finished and stored
     * @param failed    runs it marked failed
     * @param abandoned runs it gave up because its lease was lost or it was stopped
     */
    public record Summary(int completed, int failed, int abandoned) {
    }

    /**
     * Works until nothing is left (or, when waiting for work, until {@link #stop()}).
     *
     * @return how many runs it completed, failed and abandoned (lease lost)
     * @throws InterruptedException when interrupted while idle
     */
    public Summary work() throws InterruptedException {
        int completed = 0;
        int failed = 0;
        int abandoned = 0;
        boolean idleNoted = false;
        while (!stopping) {
            Optional<RunClaim> claim;
            Map<RunState, Integer> counts;
            try {
                expireLeasesOfDeadProcessesHere();
                claim = store.claim(options.identity(), options.filter(), options.leasePolicy());
                counts = claim.isPresent() ? Map.of() : store.counts(options.filter());
            } catch (RunStoreException e) {
                log.printf(Locale.ROOT, "%s: %s; trying again in %d s%n", options.identity().id(), e.getMessage(),
                        options.pollEvery().toSeconds());
                Thread.sleep(options.pollEvery().toMillis());
                continue;
            }
            if (claim.isPresent()) {
                idleNoted = false;
                switch (execute(claim.get())) {
                    case DONE -> completed++;
                    case FAILED -> failed++;
                    case ABANDONED -> abandoned++;
                }
                continue;
            }
            int inFlight = counts.get(RunState.PENDING) + counts.get(RunState.CLAIMED) + counts.get(RunState.RUNNING);
            if (inFlight == 0 && !options.waitForWork()) {
                break;
            }
            if (!idleNoted) {
                log.printf(Locale.ROOT, "%s idle: %d runs in flight under other workers; polling every %d s%n",
                        options.identity().id(), inFlight, options.pollEvery().toSeconds());
                idleNoted = true;
            }
            Thread.sleep(options.pollEvery().toMillis());
        }
        log.printf(Locale.ROOT, "%s finished: %d done, %d failed, %d abandoned%n", options.identity().id(), completed,
                failed, abandoned);
        return new Summary(completed, failed, abandoned);
    }

    /**
     * A run held by a process of this machine that no longer exists (killed, crashed) need not wait for
     * its lease to run out: its lease is ended now, and the claim that follows takes the run over.
     */
    private void expireLeasesOfDeadProcessesHere() {
        for (RunRecord run : store.runs(options.filter())) {
            WorkerIdentity holder = run.worker();
            boolean active = run.state() == RunState.CLAIMED || run.state() == RunState.RUNNING;
            if (active && holder != null && holder.host().equals(options.identity().host())
                    && holder.pid() != options.identity().pid() && ProcessHandle.of(holder.pid()).isEmpty()
                    && store.expireLease(run.key(), holder.id())) {
                log.printf(Locale.ROOT, "%s: its worker %s (process %d on this machine) is gone; taking it over%n",
                        run.key(), holder.id(), holder.pid());
            }
        }
    }

    /**
     * Asks the worker to stop: the run it holds goes back to pending for another worker at once
     * (rather than when its lease expires), and the worker claims nothing more. Safe to call from a
     * shutdown hook.
     */
    public void stop() {
        stopping = true;
        Lease lease = current.get();
        if (lease != null && lease.release()) {
            log.printf(Locale.ROOT, "released %s: back to pending%n", lease.claim.key());
        }
    }

    private enum Outcome { DONE, FAILED, ABANDONED }

    private Outcome execute(RunClaim claim) {
        RunKey key = claim.key();
        log.printf(Locale.ROOT, "claimed %s attempt %d by %s%n", key, claim.attempt(), claim.worker().id());
        long started = System.nanoTime();
        Lease lease = new Lease(claim);
        current.set(lease);
        try {
            RunResult result;
            try {
                lease.start();
                result = executor.execute(ExperimentSpec.fromJson(claim.specJson()), key.seedIndex(), lease);
            } catch (LeaseLostException e) {
                throw e;
            } catch (Exception e) {
                if (!untilStored("record the failure of " + key, () -> store.fail(claim, failureText(e)))) {
                    throw new LeaseLostException(key);
                }
                log.printf(Locale.ROOT, "failed %s: %s%n", key, e);
                return Outcome.FAILED;
            }
            untilStored("store the result of " + key, () -> {
                store.complete(claim, result);
                return true;
            });
            log.printf(Locale.ROOT, "done %s in %.1f s%n", key, (System.nanoTime() - started) / 1e9);
            return Outcome.DONE;
        } catch (LeaseLostException e) {
            log.printf(Locale.ROOT, "abandoned %s: %s%n", key, e.getMessage());
            return Outcome.ABANDONED;
        } finally {
            lease.stopRenewing();
            current.set(null);
        }
    }

    /**
     * Retries {@code action} while the store cannot be reached: a finished run's result must not be
     * lost to a network blip. The lease keeps being renewed meanwhile; if it runs out and another
     * worker takes the run, the action ends with a {@link LeaseLostException}.
     */
    private boolean untilStored(String what, BooleanSupplier action) {
        while (true) {
            try {
                return action.getAsBoolean();
            } catch (RunStoreException e) {
                log.printf(Locale.ROOT, "could not %s: %s; trying again in %d s%n", what, e.getMessage(),
                        options.pollEvery().toSeconds());
                try {
                    Thread.sleep(options.pollEvery().toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static String failureText(Exception e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        String text = trace.toString();
        return text.length() <= MAX_FAILURE_LENGTH ? text : text.substring(0, MAX_FAILURE_LENGTH) + "\n...";
    }

    /**
     * One claim's lease: renewed by a background thread, carrying the runner's latest progress, and
     * the progress sink the executor reports to.
     */
    private final class Lease implements RunProgress {

        private final RunClaim claim;
        private final ScheduledExecutorService renewer;
        private volatile RunStore.ProgressPoint latest;
        private volatile boolean lost;

        Lease(RunClaim claim) {
            this.claim = claim;
            this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "lease " + claim.key());
                thread.setDaemon(true);
                return thread;
            });
        }

        /** Marks the run running and schedules the renewals. */
        void start() {
            renew();
            long period = options.leasePolicy().renewEvery().toMillis();
            renewer.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
            if (lost) {
                throw new LeaseLostException(claim.key());
            }
        }

        private void renew() {
            if (lost) {
                return;
            }
            try {
                if (!store.heartbeat(claim, latest, options.leasePolicy().lease())) {
                    lost = true;
                }
            } catch (RunStoreException e) {
                // The store may come back before the lease runs out; if not, the next renewal finds it lost.
                log.printf(Locale.ROOT, "could not renew the lease of %s: %s%n", claim.key(), e.getMessage());
            }
        }

        @Override
        public void update(int epoch, long step) {
            if (lost) {
                throw new LeaseLostException(claim.key());
            }
            latest = new RunStore.ProgressPoint(epoch, step);
        }

        /** Gives the run back; true when it was still this worker's. */
        boolean release() {
            stopRenewing();
            lost = true;
            return store.release(claim);
        }

        void stopRenewing() {
            renewer.shutdownNow();
        }
    }
}
