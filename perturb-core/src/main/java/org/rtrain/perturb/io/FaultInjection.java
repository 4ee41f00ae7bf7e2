package org.rtrain.perturb.io;

import java.io.IOException;

/**
 * Named points inside crash-safe writes where a test can make the process die or the write fail, to
 * show that neither loses a result nor leaves a half-written file that is read as one. Killing a process
 * at a random moment almost never lands in the few milliseconds between a temporary write, its fsync and
 * its move ({@link AtomicFile}); a point placed between those steps makes each window reachable on
 * purpose.
 *
 * <p>A writer marks a point with {@link #at} where the write may still fail (before its move) and with
 * {@link #crashAt} where only a crash is of interest (after a move or a database update), passing an
 * occurrence such as the epoch or the seed index. Each point is documented where it is placed, with what
 * is on disk when it is reached. Every point is inactive unless a system property names it (each call
 * reads the property, so a test may set and clear it):
 * <ul>
 *   <li>{@code -Drtrain.crashAt=POINT[:N][,POINT[:N]...]}: the JVM halts at the point
 *       ({@link Runtime#halt}, exit code {@value #CRASH_EXIT_CODE}): no shutdown hook, no
 *       {@code finally} block and no buffered write runs, as after {@code kill -9};</li>
 *   <li>{@code -Drtrain.failAt=POINT[:N][,...]}: the write fails there with an {@link IOException}
 *       reading "No space left on device", as on a full disk.</li>
 * </ul>
 * {@code :N} restricts a point to the occurrence {@code N}; a point named without it fires at every
 * occurrence.
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
