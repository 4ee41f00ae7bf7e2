package org.rtrain.reports;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.rtrain.reports.claims.ClaimsReport;
import org.rtrain.reports.render.HtmlText;
import org.rtrain.reports.tables.TableReport;

/**
 * The report as one self-contained HTML page: every scale's Tables 1 to 5, its claims and its
 * plots (SVG embedded as {@code data:} URIs), with an inline stylesheet and no script and no
 * external resource, so it opens anywhere, offline, as a single file.
 */
final class HtmlReport {

    private static final String STYLE = """
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
                   margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; line-height: 1.4; }
            h1 { font-size: 1.6rem; } h2 { border-bottom: 2px solid #444; padding-bottom: .2rem; margin-top: 2.5rem; }
            nav a { margin-right: 1rem; }
            table.results { border-collapse: collapse; margin: 1.2rem 0 .4rem; font-size: .85rem; }
            table.results caption { caption-side: top; text-align: left; padding-bottom: .4rem; }
            table.results th, table.results td { padding: .15rem .55rem; white-space: nowrap; }
            table.results thead th { border-top: 2px solid #222; border-bottom: 1px solid #222; text-align: left; }
            table.results tbody tr:last-child td { border-bottom: 2px solid #222; }
            table.results .num { text-align: right; font-variant-numeric: tabular-nums; }
            table.results tr.block th { text-align: left; font-style: italic; border-top: 1px solid #888; }
            table.results tr.group td { border-top: 1px solid #ddd; }
            ul.notes { font-size: .8rem; margin-top: 0; padding-left: 1.2rem; }
            figure { display: inline-block; margin: .5rem 1rem 1rem 0; }
            figure img { border: 1px solid #ccc; max-width: 100%; height: auto; }
            figcaption { font-size: .8rem; color: #555; }
            .notice { background: #fff6dd; border-left: 4px solid #e0a800; padding: .4rem .8rem; }
            .rule { font-size: .85rem; color: #444; }
            code { background: #f2f2f2; padding: 0 .2rem; }
            """;

    private HtmlReport() {
    }

    /** The page for {@code scales}, with {@code notices} at the top. */
    static String render(List<ScaleReport> scales, List<String> notices) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>rtrain: reproduction of Di, Yu and Tian (2018)</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        html.append("<h1>Reproduction of &ldquo;Towards Adversarial Training with Moderate Performance Improvement "
                + "for Neural Network Classification&rdquo; (Di, Yu and Tian, arXiv 1807.00340)</h1>\n");
        html.append("<p>The paper's Tables 1&ndash;5 beside this project's runs, the paper's claims tested on the "
                + "seeds, and plots, for each scale that has results. Every number of a scale comes from the runs "
                + "of that scale only.</p>\n<nav>");
        for (ScaleReport scale : scales) {
            html.append("<a href=\"#scale-").append(HtmlText.escape(scale.scale().code())).append("\">")
                    .append(HtmlText.escape(scale.scale().code())).append(" scale</a>");
        }
        html.append("</nav>\n");
        if (!notices.isEmpty()) {
            html.append("<div class=\"notice\"><strong>Notes</strong><ul>\n");
            notices.forEach(n -> html.append("<li>").append(HtmlText.escape(n)).append("</li>\n"));
            html.append("</ul></div>\n");
        }
        for (ScaleReport scale : scales) {
            section(scale, html);
        }
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static void section(ScaleReport scale, StringBuilder html) {
        String name = HtmlText.escape(scale.scale().code());
        html.append("<section id=\"scale-").append(name).append("\">\n<h2>Scale: <code>").append(name)
                .append("</code></h2>\n<p>");
        html.append(HtmlText.escape(ScaleReport.describe(scale.scale()))).append(". ");
        html.append(scale.runs()).append(" saved results.</p>\n<h3>Tables</h3>\n");
        for (TableReport table : scale.tables()) {
            html.append(table.html());
        }
        html.append("<h3>Claims</h3>\n<p class=\"rule\">").append(HtmlText.escape(ClaimsReport.RULE)).append("</p>\n");
        html.append(scale.claims().html());
        if (!scale.sweep().blocks().isEmpty()) {
            html.append("<h3>Eps sweep</h3>\n").append(scale.sweep().html());
        }
        html.append("<h3>Plots</h3>\n");
        List<Plot> plots = scale.plots();
        if (plots.isEmpty()) {
            html.append("<p>No plots: no run at this scale recorded attacks, sweep points or training curves.</p>\n");
        }
        for (int i = 0; i < plots.size(); i++) {
            Plot plot = plots.get(i);
            String svg = SvgChartRenderer.render(plot, "chart-" + scale.scale().code() + i);
            html.append("<figure><img width=\"").append(SvgChartRenderer.WIDTH).append("\" height=\"")
                    .append(SvgChartRenderer.HEIGHT).append("\" alt=\"").append(HtmlText.escape(plot.title()))
                    .append("\" src=\"data:image/svg+xml;base64,")
                    .append(Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8)))
                    .append("\"><figcaption>").append(HtmlText.escape(caption(plot)))
                    .append("</figcaption></figure>\n");
        }
        html.append("</section>\n");
    }

    private static String caption(Plot plot) {
        return plot.title() + ": mean over seeds, " + plot.bars().caption() + ".";
    }
}
