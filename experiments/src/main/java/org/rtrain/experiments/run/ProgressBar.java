package org.rtrain.experiments.run;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar with throughput and time left, redrawn twice a second on a terminal and
 * every 15 seconds when the output goes to a file.
 */
final class ProgressBar {

    private final PrintStream out;
    private final String label;
    private final long total;
    private final long start = System.nanoTime();
    private final long redrawNanos = System.console() != null ? 500_000_000L : 15_000_000_000L;
    private long lastDraw = System.nanoTime();

    ProgressBar(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    /** Shows that {@code done} of the total images are processed. */
    void update(long done) {
        long now = System.nanoTime();
        if (now - lastDraw < redrawNanos && done < total) {
            return;
        }
        lastDraw = now;
        double seconds = (now - start) / 1e9;
        double rate = done / Math.max(seconds, 1e-9);
        long left = rate > 0 ? Math.round((total - done) / rate) : 0;
        int width = 24;
        int filled = (int) (width * done / Math.max(total, 1));
        out.printf(Locale.ROOT, "\r%s [%s%s] %3d%% %,.0f img/s ETA %d:%02d ", label, "=".repeat(filled),
                " ".repeat(width - filled), 100 * done / Math.max(total, 1), rate, left / 60, left % 60);
        out.flush();
    }

    /** Ends the bar's line. */
    void finish() {
        out.print("\r" + " ".repeat(label.length() + 60) + "\r");
        out.flush();
    }
}
