package org.rtrain.perturb.io;

import java.io.IOException;

/**
 * Named points inside the project's crash-safe writes (checkpoints and results, written through
 * {@link AtomicFile}, and the run store's result) where a test can make the process die or the write
 * fail, to show that neither loses a result nor leaves a half-written file that is read as one. Killing
 * a process at a random moment almost never lands in these few milliseconds; these points make every
 * window between a temporary write, its fsync and its move reachable on purpose.
 *
 * <p>Inactive unless a system property names the point (each call reads the property, so a test may
 * set and clear it):
 * <ul>
 *   <li>{@code -Drtrain.crashAt=POINT[:N][,POINT[:N]...]}: the JVM halts at the point
 *       ({@link Runtime#halt}, exit code {@value #CRASH_EXIT_CODE}): no shutdown hook, no
 *       {@code finally} block and no buffered write runs, as after {@code kill -9};</li>
 *   <li>{@code -Drtrain.failAt=POINT[:N][,...]}: the write fails there with an {@link IOException}
 *       reading "No space left on device", as on a full disk.</li>
 * </ul>
 * {@code :N} restricts a point to one occurrence: the epoch for checkpoint points, the seed index for
 * result points. The points, in the order a run reaches them:
 * <table>
 *   <caption>Fault-injection points</caption>
 *   <tr><th>point</th><th>what is on disk when it is reached</th></tr>
 *   <tr><td>{@code checkpoint-model-written}</td><td>{@code model-E.zip.tmp} written, not forced to disk</td></tr>
 *   <tr><td>{@code checkpoint-model-synced}</td><td>{@code model-E.zip.tmp} forced to disk</td></tr>
 *   <tr><td>{@code checkpoint-state-written}</td><td>{@code state-E.json.tmp} written, not forced</td></tr>
 *   <tr><td>{@code checkpoint-state-synced}</td><td>both temporary files on disk, neither moved</td></tr>
 *   <tr><td>{@code checkpoint-model-moved}</td><td>{@code model-E.zip} in place, {@code state-E.json} not yet</td></tr>
 *   <tr><td>{@code checkpoint-state-moved}</td><td>both in place, older checkpoints not yet deleted</td></tr>
 *   <tr><td>{@code result-temp-written}</td><td>the result's temporary file written, not forced</td></tr>
 *   <tr><td>{@code result-temp-synced}</td><td>the temporary file forced to disk, not moved</td></tr>
 *   <tr><td>{@code result-moved}</td><td>{@code result.json} in place; checkpoints not yet cleared, the run
 *       store not yet told</td></tr>
 *   <tr><td>{@code store-result-written}</td><td>the run store's result row updated, the transaction not
 *       committed (crash only)</td></tr>
 * </table>
 */
public final class FaultInjection {

    /** System property naming the points where the process halts. */
    public static final String CRASH_PROPERTY = "rtrain.crashAt";
    /** System property naming the points where a write fails as on a full disk. */
    public static final String FAIL_PROPERTY = "rtrain.failAt";
    /** Exit code of a process halted at a crash point. */
    public static final int CRASH_EXIT_CODE = 86;

    private FaultInjection() {
    }

    /**
     * Halts the JVM if {@value #CRASH_PROPERTY} names {@code point} (with this {@code occurrence} or
     * none), or throws if {@value #FAIL_PROPERTY} does; otherwise returns at once.
     *
     * @throws IOException "No space left on device", when the failure is asked for
     */
    public static void at(String point, long occurrence) throws IOException {
        crashAt(point, occurrence);
        if (named(System.getProperty(FAIL_PROPERTY), point, occurrence)) {
            throw new IOException("No space left on device (injected at " + point + ":" + occurrence + " by -D"
                    + FAIL_PROPERTY + ")");
        }
    }

    /** Halts the JVM if {@value #CRASH_PROPERTY} names {@code point} (with this {@code occurrence} or none). */
    public static void crashAt(String point, long occurrence) {
        if (named(System.getProperty(CRASH_PROPERTY), point, occurrence)) {
            System.err.println("rtrain: halting at " + point + ":" + occurrence + " (-D" + CRASH_PROPERTY + ")");
            System.err.flush();
            Runtime.getRuntime().halt(CRASH_EXIT_CODE);
        }
    }

    private static boolean named(String property, String point, long occurrence) {
        if (property == null || property.isBlank()) {
            return false;
        }
        for (String entry : property.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.equals(point) || trimmed.equals(point + ":" + occurrence)) {
                return true;
            }
        }
        return false;
    }
}
