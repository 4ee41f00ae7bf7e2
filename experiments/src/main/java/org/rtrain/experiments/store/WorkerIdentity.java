package org.rtrain.experiments.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Who holds a claim: shown by {@code status} so that a stuck run can be traced to a machine and a
 * process.
 *
 * @param id   unique name of the worker, by default {@code <host>:<pid>}
 * @param host the machine's host name
 * @param pid  the worker's process id
 */
public record WorkerIdentity(String id, String host, long pid) {

    public WorkerIdentity {
        Objects.requireNonNull(id, "worker id");
        Objects.requireNonNull(host, "worker host");
        if (id.isBlank()) {
            throw new IllegalArgumentException("worker id must not be blank");
        }
    }

    /** This process, named {@code <host>:<pid>}. */
    public static WorkerIdentity current() {
        String host = hostName();
        long pid = ProcessHandle.current().pid();
        return new WorkerIdentity(host + ":" + pid, host, pid);
    }

    /** This process under another name. */
    public static WorkerIdentity current(String id) {
        return new WorkerIdentity(id, hostName(), ProcessHandle.current().pid());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null || fromEnvironment.isBlank() ? "unknown-host" : fromEnvironment;
        }
    }
}
