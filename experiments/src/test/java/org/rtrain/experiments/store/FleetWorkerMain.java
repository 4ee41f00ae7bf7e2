package org.rtrain.experiments.store;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One worker process of {@link WorkerFleetContract}: a real {@link RunWorker} in a JVM of its own,
 * executing runs with {@link CheckpointingFakeExecutor}.
 *
 * <p>Arguments: store URL, shared directory, worker id, milliseconds per epoch, lease, renewal
 * period and poll period in milliseconds.
 */
public final class FleetWorkerMain {

    private FleetWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        StoreUrl url = StoreUrl.of(args[0], System.getenv());
        Path shared = Path.of(args[1]);
        String id = args[2];
        long epochMillis = Long.parseLong(args[3]);
        LeasePolicy policy = new LeasePolicy(Duration.ofMillis(Long.parseLong(args[4])),
                Duration.ofMillis(Long.parseLong(args[5])), 3);
        Duration poll = Duration.ofMillis(Long.parseLong(args[6]));
        PrintStream log = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (RunStore store = RunStore.open(url)) {
            RunWorker worker = new RunWorker(store, new CheckpointingFakeExecutor(shared, epochMillis, log),
                    new WorkerOptions(WorkerIdentity.current(id), RunFilter.ALL, policy, false, poll), log);
            worker.work();
        }
        System.exit(0);
    }
}
