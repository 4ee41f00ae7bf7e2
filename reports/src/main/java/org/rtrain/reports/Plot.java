package org.rtrain.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.rtrain.reports.paper.PaperRow;
import org.rtrain.reports.results.AttackPoint;
import org.rtrain.reports.results.EpochRecord;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.RunStatus;
import org.rtrain.reports.results.Variant;
import org.rtrain.reports.stats.SeedStatistics;
import org.rtrain.reports.stats.SeedSummary;
import org.rtrain.reports.tables.RowRuns;

/**
 * The data of one line chart of the HTML report: curves of a measure's mean ± sample standard
 * deviation over seeds. Built from results here; drawn by {@link SvgChartRenderer}.
 *
 * @param title    the chart's title
 * @param xLabel   the horizontal axis
 * @param yLabel   the vertical axis
 * @param integerX true when x takes whole numbers only (epochs)
 * @param bars     what the error bars show
 * @param curves   the curves
 */
record Plot(String title, String xLabel, String yLabel, boolean integerX, Bars bars, List<Curve> curves) {

    Plot {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(bars, "bars");
        curves = List.copyOf(curves);
    }

    /** What a point's error bar spans. */
    enum Bars {
        /** Mean ± one sample standard deviation over seeds. */
        STANDARD_DEVIATION("bars ± one sample standard deviation"),
        /** The 95% confidence interval of the mean over seeds (Student's t). */
        CONFIDENCE_INTERVAL("bars the 95% confidence interval of the mean");

        private final String caption;

        Bars(String caption) {
            this.caption = caption;
        }

        /** The bars in words, for a caption. */
        String caption() {
            return caption;
        }

        /** Half the bar's length at {@code y}; 0 when it is undefined (one seed). */
        double halfWidth(SeedSummary y) {
            if (Double.isNaN(y.std())) {
                return 0;
            }
            return this == STANDARD_DEVIATION ? y.std() : SeedStatistics.meanHalfWidth(y);
        }
    }

    /**
     * One curve.
     *
     * @param name    the legend entry, e.g. {@code R-LeNet, PGD}
     * @param variant the variant: the colour
     * @param dashed  drawn dashed (PGD curves)
     * @param points  the points, by increasing x
     */
    record Curve(String name, Variant variant, boolean dashed, List<Point> points) {

        Curve {
            points = List.copyOf(points);
        }
    }

    /**
     * One point: x and the summary of y over seeds.
     *
     * @param x the abscissa
     * @param y the mean, standard deviation and number of seeds
     */
    record Point(double x, SeedSummary y) {
    }

    /**
     * Top-1 accuracy under FGSM and PGD against the attack radius, one curve per variant and attack;
     * radius 0 is the clean accuracy. Empty when no run of the block measured an attack.
     */
    static Optional<Plot> robustAccuracy(String block, Map<PaperRow, RowRuns> rows) {
        List<Curve> curves = new ArrayList<>();
        for (Map.Entry<PaperRow, RowRuns> e : rows.entrySet()) {
            List<RunResult> runs = e.getValue().completed();
            TreeSet<String> attacks = new TreeSet<>();
            runs.forEach(r -> r.attacks().forEach(p -> attacks.add(p.attack())));
            for (String attack : attacks) {
                TreeMap<Double, List<Double>> byRadius = new TreeMap<>();
                for (RunResult r : runs) {
                    boolean measuredZero = false;
                    for (AttackPoint p : r.attacks()) {
                        if (p.attack().equals(attack)) {
                            byRadius.computeIfAbsent(p.epsilon(), k -> new ArrayList<>())
                                    .add(100.0 * p.accuracy().top1());
                            measuredZero |= p.epsilon() == 0;
                        }
                    }
                    if (!measuredZero) {
                        byRadius.computeIfAbsent(0.0, k -> new ArrayList<>()).add(100.0 * r.clean().top1());
                    }
                }
                curves.add(new Curve(e.getKey().displayName() + ", " + attack.toUpperCase(Locale.ROOT),
                        e.getKey().variant(), !attack.equals("fgsm"), points(byRadius)));
            }
        }
        return curves.isEmpty() ? Optional.empty()
                : Optional.of(new Plot(block + ": robust accuracy", "attack radius ε (pixel scale [0, 1])",
                        "top-1 accuracy (%)", false, Bars.STANDARD_DEVIATION, curves));
    }

    /**
     * Clean top-1 error against the perturbation's epsilon: the base model's runs at 0, the R- row's
     * own runs and the sweep points at theirs. Empty when the block has no sweep point.
     *
     * @param sweep the block's sweep results ({@link RunResult#epsSweep()}) at the scale
     */
    static Optional<Plot> cleanErrorVersusEpsilon(String block, PaperRow base, RowRuns baseRuns, PaperRow r,
                                                  RowRuns rRuns, List<RunResult> sweep) {
        List<RunResult> completedSweep = sweep.stream().filter(s -> s.status() == RunStatus.COMPLETED).toList();
        if (completedSweep.isEmpty()) {
            return Optional.empty();
        }
        TreeMap<Double, List<Double>> byEpsilon = new TreeMap<>();
        baseRuns.completed().forEach(run -> byEpsilon.computeIfAbsent(0.0, k -> new ArrayList<>())
                .add(run.testErrorPct()));
        List<RunResult> perturbed = new ArrayList<>(rRuns.completed());
        perturbed.addAll(completedSweep);
        for (RunResult run : perturbed) {
            double epsilon = run.perturbationEpsilon() == null ? 0.0 : run.perturbationEpsilon();
            byEpsilon.computeIfAbsent(epsilon, k -> new ArrayList<>()).add(run.testErrorPct());
        }
        return Optional.of(new Plot(block + ": clean error vs perturbation ε", "sign perturbation ε (0 = "
                + base.displayName() + ")", "clean top-1 error (%)", false, Bars.CONFIDENCE_INTERVAL,
                List.of(new Curve(r.displayName(), Variant.R, false, points(byEpsilon)))));
    }

    /**
     * A training curve per variant: {@code measure} of each epoch record (null: not measured) against
     * the epoch. Empty when no completed run recorded it.
     */
    static Optional<Plot> training(String title, String yLabel, Map<PaperRow, RowRuns> rows,
                                   Function<EpochRecord, Double> measure) {
        List<Curve> curves = new ArrayList<>();
        for (Map.Entry<PaperRow, RowRuns> e : rows.entrySet()) {
            TreeMap<Double, List<Double>> byEpoch = new TreeMap<>();
            for (RunResult r : e.getValue().completed()) {
                for (EpochRecord epoch : r.trainingCurve()) {
                    Double value = measure.apply(epoch);
                    if (value != null && Double.isFinite(value)) {
                        byEpoch.computeIfAbsent((double) epoch.epoch(), k -> new ArrayList<>()).add(value);
                    }
                }
            }
            if (!byEpoch.isEmpty()) {
                curves.add(new Curve(e.getKey().displayName(), e.getKey().variant(), false, points(byEpoch)));
            }
        }
        return curves.isEmpty() ? Optional.empty()
                : Optional.of(new Plot(title, "epoch", yLabel, true, Bars.STANDARD_DEVIATION, curves));
    }

    private static List<Point> points(TreeMap<Double, List<Double>> values) {
        List<Point> points = new ArrayList<>();
        values.forEach((x, ys) -> points.add(new Point(x, SeedSummary.of(ys))));
        return points;
    }
}
