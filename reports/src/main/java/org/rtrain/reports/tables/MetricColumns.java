package org.rtrain.reports.tables;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.rtrain.reports.paper.PaperValue;
import org.rtrain.reports.render.TableLayout;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.stats.SeedSummary;

/**
 * The cells of measured columns (accuracy or error) that Tables 1 to 3 share: six CSV fields per
 * measure, and in the layout three lines per paper row (paper, reproduced, Δ) under the paper's own
 * columns.
 */
final class MetricColumns {

    /** CSV field names of a row's runs, after its measures: completed, diverged, datasets used, scale. */
    static final List<String> RUNS_CSV_HEADER = List.of("n", "diverged", "dataset_used", "scale");

    private MetricColumns() {
    }

    /** CSV field names of one measure, e.g. {@code top1_acc}. */
    static List<String> csvHeader(String measure) {
        return List.of("paper_" + measure, "paper_" + measure + "_pm", "reproduced_" + measure + "_mean",
                "reproduced_" + measure + "_std", measure + "_n", "difference_" + measure);
    }

    /** CSV fields of one measure of one row; a cited row without runs reads "cited". */
    static List<Object> csvCells(PaperValue paper, SeedSummary reproduced, RowRuns runs, boolean cited) {
        String mean = cited && runs.total() == 0 ? "cited" : CellFormat.csvMean(reproduced, runs);
        return List.of(CellFormat.paperNumber(paper), CellFormat.paperPlusMinus(paper), mean,
                CellFormat.csvStd(reproduced), reproduced.n(), CellFormat.csvDifference(reproduced, paper));
    }

    /** CSV fields of a row's runs at {@code scale}, in {@link #RUNS_CSV_HEADER}'s order. */
    static List<Object> runsCsvCells(RowRuns runs, Scale scale) {
        return List.of(runs.n(), runs.diverged().size(), runs.datasetsUsed(), scale.code());
    }

    /**
     * The lines of a table of one dataset: its heading, then the lines {@code rowLines} gives each row
     * (its {@link #stacked} lines), in order.
     */
    static <R> List<TableLayout.Line> underHeading(String dataset, List<R> rows,
                                                   Function<R, List<TableLayout.Cells>> rowLines) {
        List<TableLayout.Line> lines = new ArrayList<>();
        lines.add(new TableLayout.Heading(dataset));
        rows.forEach(row -> lines.addAll(rowLines.apply(row)));
        return lines;
    }

    /** The columns {@link #stacked} fills before the paper's own: model, source (paper or reproduced) and n. */
    static List<TableLayout.Column> leadingColumns() {
        return new ArrayList<>(List.of(TableLayout.Column.left("Model"), TableLayout.Column.left("Source"),
                TableLayout.Column.right("n")));
    }

    /**
     * The lines of one row: {@code name | paper | | paperFixed... | paper values...}, then the reproduced
     * line with n and the Δ line; a cited row without runs gets one line whose source reads "cited".
     */
    static List<TableLayout.Cells> stacked(String name, String noteMark, boolean cited, RowRuns runs,
                                           List<String> paperFixed, List<String> reproducedFixed,
                                           List<PaperValue> paper, List<SeedSummary> reproduced) {
        List<String> printed = new ArrayList<>(List.of(name, cited && runs.total() == 0 ? "cited" : "paper", ""));
        printed.addAll(paperFixed);
        paper.forEach(v -> printed.add(CellFormat.paper(v)));
        List<TableLayout.Cells> lines = new ArrayList<>();
        lines.add(new TableLayout.Cells(printed, noteMark, true));
        if (cited && runs.total() == 0) {
            return lines;
        }
        List<String> ours = new ArrayList<>(List.of("", "reproduced", CellFormat.count(runs)));
        ours.addAll(reproducedFixed);
        reproduced.forEach(s -> ours.add(CellFormat.reproduced(s, runs)));
        List<String> difference = new ArrayList<>(List.of("", "Δ", ""));
        paperFixed.forEach(f -> difference.add(""));
        for (int i = 0; i < paper.size(); i++) {
            difference.add(CellFormat.difference(reproduced.get(i), paper.get(i)));
        }
        lines.add(new TableLayout.Cells(ours, "", false));
        lines.add(new TableLayout.Cells(difference, "", false));
        return lines;
    }
}
