package org.rtrain.reports;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.graphics2d.svg.SVGGraphics2D;
import org.rtrain.reports.results.Variant;

/**
 * Draws a {@link Plot} as an SVG document with JFreeChart and JFreeSVG: lines through the means,
 * error bars of ± one sample standard deviation, one colour per variant, PGD dashed. Nothing is
 * rasterised and no display is needed (AWT runs headless).
 */
final class SvgChartRenderer {

    /** Width of every chart in pixels. */
    static final int WIDTH = 640;
    /** Height of every chart in pixels. */
    static final int HEIGHT = 400;

    private static final Map<Variant, Color> VARIANT_COLOURS = Map.of(Variant.BASE, new Color(0x1f77b4),
            Variant.FGSM, new Color(0xd62728), Variant.R, new Color(0x2ca02c));

    static {
        // Charts are drawn into SVG, never on a screen: make AWT headless unless the caller chose otherwise.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private SvgChartRenderer() {
    }

    /**
     * The chart as a standalone SVG document.
     *
     * @param id prefix of the SVG's element ids, unique within the page that embeds it
     */
    static String render(Plot plot, String id) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(true);
        renderer.setDefaultShapesVisible(true);
        renderer.setCapLength(6);
        List<Plot.Curve> curves = plot.curves();
        for (int i = 0; i < curves.size(); i++) {
            Plot.Curve curve = curves.get(i);
            YIntervalSeries series = new YIntervalSeries(curve.name(), true, true);
            for (Plot.Point p : curve.points()) {
                double spread = plot.bars().halfWidth(p.y());
                series.add(p.x(), p.y().mean(), p.y().mean() - spread, p.y().mean() + spread);
            }
            data.addSeries(series);
            renderer.setSeriesPaint(i, VARIANT_COLOURS.getOrDefault(curve.variant(), Color.DARK_GRAY));
            renderer.setSeriesStroke(i, curve.dashed()
                    ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {7f, 4f}, 0f)
                    : new BasicStroke(2f));
        }
        DecimalFormat ticks = new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT));
        NumberAxis x = new NumberAxis(plot.xLabel());
        x.setAutoRangeIncludesZero(false);
        x.setNumberFormatOverride(ticks);
        if (plot.integerX()) {
            x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        NumberAxis y = new NumberAxis(plot.yLabel());
        y.setAutoRangeIncludesZero(false);
        y.setNumberFormatOverride(ticks);
        XYPlot xy = new XYPlot(data, x, y, renderer);
        xy.setBackgroundPaint(Color.WHITE);
        xy.setDomainGridlinePaint(new Color(0xdddddd));
        xy.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart chart = new JFreeChart(plot.title(), new Font("SansSerif", Font.BOLD, 15), xy, true);
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        // Stable ids (JFreeSVG's default uses the clock), so the same results give the same page.
        g.setDefsKeyPrefix(id);
        chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
        return g.getSVGElement(id);
    }
}
