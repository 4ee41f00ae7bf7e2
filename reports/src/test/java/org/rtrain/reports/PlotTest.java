package org.rtrain.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.results.SyntheticResults;

/** The plots' data from {@link SyntheticResults#fixture()}, and their SVG. */
class PlotTest {

    private static final List<Plot> QUICK = ScaleReport.of(Scale.QUICK, SyntheticResults.fixture(), Map.of()).plots();

    private static Plot plot(String title) {
        return QUICK.stream().filter(p -> p.title().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError(title + " not in " + QUICK.stream().map(Plot::title).toList()));
    }

    private static Plot.Curve curve(Plot plot, String name) {
        return plot.curves().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void robustAccuracyStartsAtTheCleanAccuracyAndFollowsEachAttack() {
        Plot robust = plot("MNIST / LeNet: robust accuracy");
        assertEquals(List.of("LeNet, FGSM", "LeNet, PGD", "R-LeNet, FGSM", "R-LeNet, PGD"),
                robust.curves().stream().map(Plot.Curve::name).toList());
        Plot.Curve baseFgsm = curve(robust, "LeNet, FGSM");
        assertEquals(List.of(0.0, 0.1), baseFgsm.points().stream().map(Plot.Point::x).toList());
        assertEquals(90.0, baseFgsm.points().get(0).y().mean(), 1e-9, "radius 0: clean accuracy 91, 89, 90");
        assertEquals(1.0, baseFgsm.points().get(0).y().std(), 1e-9);
        assertEquals(50.333333333333336, baseFgsm.points().get(1).y().mean(), 1e-9);
        assertTrue(curve(robust, "R-LeNet, PGD").dashed() && !baseFgsm.dashed());
        assertEquals(42.0 - 0.6666666666666643, curve(robust, "R-LeNet, PGD").points().get(1).y().mean(), 1e-9);
    }

    @Test
    void sweepPutsBaseAtZeroAndGroupsRunsByEpsilon() {
        Plot sweep = plot("MNIST / LeNet: clean error vs perturbation ε");
        List<Plot.Point> points = sweep.curves().get(0).points();
        assertEquals(List.of(0.0, 0.05, 0.1, 0.2), points.stream().map(Plot.Point::x).toList());
        assertEquals(List.of(3, 2, 3, 2), points.stream().map(p -> p.y().n()).toList());
        assertEquals(10.0, points.get(0).y().mean(), 1e-9);
        assertEquals(8.3, points.get(1).y().mean(), 1e-9);
        assertEquals(8.133333333333333, points.get(2).y().mean(), 1e-9);
        assertEquals(9.7, points.get(3).y().mean(), 1e-9);
    }

    @Test
    void trainingCurvesAverageSeedsPerEpochAndSkipDivergedRuns() {
        Plot loss = plot("MNIST / LeNet: training loss");
        Plot.Curve base = curve(loss, "LeNet");
        assertEquals(List.of(1.0, 2.0), base.points().stream().map(Plot.Point::x).toList());
        assertEquals(1.1, base.points().get(0).y().mean(), 1e-9);
        assertEquals(0.6, base.points().get(1).y().mean(), 1e-9);
        assertTrue(plot("MNIST / CapsNet: training loss").curves().stream().map(Plot.Curve::name).toList()
                .equals(List.of("CapsNet")), "R-CapsNet's runs all diverged");
        assertTrue(QUICK.stream().noneMatch(p -> p.title().startsWith("SVHN")), "no plots for blocks without runs");
    }

    @Test
    void svgIsAStandaloneDeterministicDocument() {
        Plot robust = plot("MNIST / LeNet: robust accuracy");
        String svg = SvgChartRenderer.render(robust, "t1");
        String head = svg.substring(0, svg.indexOf('>') + 1);
        assertTrue(head.startsWith("<svg") && head.contains("xmlns='http://www.w3.org/2000/svg'"), head);
        assertTrue(head.contains("width='" + SvgChartRenderer.WIDTH + "'"), head);
        assertTrue(svg.contains("R-LeNet, PGD") && svg.contains("robust accuracy"), "legend and title are text");
        assertEquals(svg, SvgChartRenderer.render(robust, "t1"), "same data, same SVG");
    }
}
