package org.rtrain.experiments.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Times several training set-ups side by side: after a warm-up, blocks of the same number of steps
 * of each set-up in turn (A B C, A B C, ...), so that a slow minute of a shared machine slows every
 * set-up's block of that round rather than one set-up; a ratio is then the median over rounds of the
 * ratio of the two set-ups' blocks of that round.
 */
public final class SideBySide {

    /** One set-up: something that runs training steps and says how long they took. */
    public interface Setup {

        /** Short name used in progress lines and as the key of its times. */
        String name();

        /** Runs {@code steps} steps; returns their wall-clock seconds. */
        double run(int steps);
    }

    /**
     * The seconds of each set-up's block in each round.
     *
     * @param stepsPerBlock steps each set-up ran per block
     * @param seconds       per set-up name, in the order they ran, the seconds of each round's block
     */
    public record Times(int stepsPerBlock, Map<String, List<Double>> seconds) {

        public Times {
            if (stepsPerBlock < 1) {
                throw new IllegalArgumentException("stepsPerBlock must be >= 1, got " + stepsPerBlock);
            }
            Map<String, List<Double>> copy = new LinkedHashMap<>();
            seconds.forEach((name, list) -> copy.put(name, List.copyOf(list)));
            seconds = Collections.unmodifiableMap(copy);
        }

        /** The seconds of {@code setup}'s blocks; an error naming the set-ups there are otherwise. */
        public List<Double> of(String setup) {
            List<Double> list = seconds.get(setup);
            if (list == null) {
                throw new IllegalArgumentException("no set-up '" + setup + "' was timed; timed: " + seconds.keySet());
            }
            return list;
        }

        /** The median over rounds of {@code numerator}'s block seconds over {@code denominator}'s. */
        public double medianRatio(String numerator, String denominator) {
            return median(SideBySide.ratios(of(numerator), of(denominator)));
        }

        /** The per-round ratios of {@code numerator}'s block seconds over {@code denominator}'s. */
        public List<Double> ratios(String numerator, String denominator) {
            return SideBySide.ratios(of(numerator), of(denominator));
        }

        /** The median seconds per step of {@code setup}. */
        public double medianSecondsPerStep(String setup) {
            return median(of(setup)) / stepsPerBlock;
        }
    }

    private SideBySide() {
    }

    /**
     * Runs {@code warmupSteps} steps of each set-up, then {@code blocks} rounds of {@code stepsPerBlock}
     * steps of each set-up in the given order, printing one line per round to {@code progress}.
     */
    public static Times measure(String label, List<? extends Setup> setups, int warmupSteps, int blocks,
                                int stepsPerBlock, PrintStream progress) {
        if (setups.isEmpty()) {
            throw new IllegalArgumentException("no set-up to time");
        }
        if (warmupSteps < 0 || blocks < 1 || stepsPerBlock < 1) {
            throw new IllegalArgumentException("need warmupSteps >= 0, blocks >= 1 and stepsPerBlock >= 1, got "
                    + warmupSteps + ", " + blocks + " and " + stepsPerBlock);
        }
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        for (Setup setup : setups) {
            if (seconds.put(setup.name(), new ArrayList<>()) != null) {
                throw new IllegalArgumentException("two set-ups are named '" + setup.name() + "'");
            }
        }
        if (warmupSteps > 0) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s warm-up (%d steps each):", label,
                    warmupSteps));
            for (Setup setup : setups) {
                line.append(String.format(Locale.ROOT, " %s %.2f s", setup.name(), setup.run(warmupSteps)));
            }
            progress.println(line);
        }
        for (int block = 0; block < blocks; block++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s block %d/%d (%d steps each):",
                    label, block + 1, blocks, stepsPerBlock));
            for (Setup setup : setups) {
                double s = setup.run(stepsPerBlock);
                if (!(s > 0) || !Double.isFinite(s)) {
                    throw new IllegalStateException(setup.name() + " reported " + s + " s for " + stepsPerBlock
                            + " steps");
                }
                seconds.get(setup.name()).add(s);
                line.append(String.format(Locale.ROOT, " %s %.2f s", setup.name(), s));
            }
            progress.println(line);
        }
        return new Times(stepsPerBlock, seconds);
    }

    /** {@code numerator[i] / denominator[i]}; both lists must have the same, non-zero length. */
    public static List<Double> ratios(List<Double> numerator, List<Double> denominator) {
        Objects.requireNonNull(numerator, "numerator");
        Objects.requireNonNull(denominator, "denominator");
        if (numerator.size() != denominator.size() || numerator.isEmpty()) {
            throw new IllegalArgumentException("ratios need two lists of the same non-zero length, got "
                    + numerator.size() + " and " + denominator.size());
        }
        List<Double> ratios = new ArrayList<>(numerator.size());
        for (int i = 0; i < numerator.size(); i++) {
            ratios.add(numerator.get(i) / denominator.get(i));
        }
        return ratios;
    }

    /** The median of {@code values} (the mean of the two middle ones for an even count). */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("the median of no values is undefined");
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
