package org.rtrain.reports.tables;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.rtrain.reports.paper.ErrorRow;
import org.rtrain.reports.render.CsvTable;
import org.rtrain.reports.render.TableLayout;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.stats.SeedSummary;

/**
 * Table 4 or 5 of the paper (test error, %, of the base, FGSM- and R- variants with depth, factor
 * and set-up) with the reproduced error beside each printed one.
 *
 * @param table the paper's table number, 4 or 5
 * @param scale the scale whose results fill the table
 * @param rows  the rows in the paper's order
 */
public record ErrorTableReport(int table, Scale scale, List<Row> rows) implements TableReport {

    /**
     * One row: the paper's and the runs'.
     *
     * @param paper the paper's row
     * @param runs  the row's runs at the table's scale
     * @param error clean top-1 test error (%) over the completed runs
     */
    public record Row(ErrorRow paper, RowRuns runs, SeedSummary error) {

        /** Number of completed runs. */
        public int n() {
            return runs.n();
        }

        /** Mean error (NaN when no run completed). */
        public double meanPct() {
            return error.mean();
        }

        /** Sample standard deviation of the error (NaN below two runs). */
        public double stdPct() {
            return error.std();
        }

        /** Reproduced minus paper error, in percentage points (NaN when no run completed). */
        public double differencePct() {
            return error.mean() - paper.errorPct();
        }

        /** The datasets the runs used. */
        public String datasetUsed() {
            return runs.datasetsUsed();
        }
    }

    public ErrorTableReport {
        Objects.requireNonNull(scale, "scale");
        rows = List.copyOf(rows);
    }

    /** Joins the paper's rows of Table {@code table} (4 or 5) with the results of {@code scale}. */
    public static ErrorTableReport of(int table, Scale scale, List<RunResult> results) {
        Objects.requireNonNull(scale, "scale");
        List<Row> rows = new ArrayList<>();
        for (ErrorRow paper : ErrorRow.table(table)) {
            RowRuns runs = RowRuns.of(paper, scale, results);
            rows.add(new Row(paper, runs, runs.summary(r -> r.clean().top1ErrorPct())));
        }
        return new ErrorTableReport(table, scale, rows);
    }

    @Override
    public String csv() {
        CsvTable csv = new CsvTable("paper_row", "table", "dataset", "model", "variant", "depth", "factor", "dropout",
                "standard_aug", "random_erase", "paper_error_pct", "reproduced_error_pct_mean",
                "reproduced_error_pct_std", "n", "diverged", "difference_pct", "dataset_used", "scale", "note");
        for (Row row : rows) {
            ErrorRow p = row.paper();
            csv.add(p.key(), p.table(), p.dataset(), p.model(), p.variant().code(), p.depth(), p.factor(),
                    p.dropout(), p.standardAug(), p.randomErase(), CellFormat.paperNumber(p.error()),
                    CellFormat.csvMean(row.error(), row.runs()), CellFormat.csvStd(row.error()), row.n(),
                    row.runs().diverged().size(), CellFormat.csvDifference(row.error(), p.error()),
                    row.datasetUsed(), scale.code(), p.note());
        }
        return csv.text();
    }

    @Override
    public TableLayout layout() {
        TableLayout.Notes notes = new TableLayout.Notes();
        List<TableLayout.Line> lines = new ArrayList<>();
        String block = null;
        for (Row row : rows) {
            ErrorRow p = row.paper();
            if (!Objects.equals(block, p.dataset())) {
                block = p.dataset();
                lines.add(new TableLayout.Heading(block));
            }
            lines.add(new TableLayout.Cells(List.of(p.displayName(), orDash(p.depth()), orDash(p.factor()), p.dropout(),
                    p.standardAug(), p.randomErase(), CellFormat.paper(p.error()),
                    CellFormat.reproduced(row.error(), row.runs()), CellFormat.count(row.runs()),
                    CellFormat.difference(row.error(), p.error())), notes.mark(p.note()), false));
        }
        return new TableLayout("Table " + table + ": test error (%)",
                TableLayout.reproductionCaption(table, "test error (%)", scale,
                        CellFormat.datasetsUsed(rows, Row::paper, Row::runs), ""),
                "table" + table + "-" + scale.code(),
                List.of(TableLayout.Column.left("Model"), TableLayout.Column.left("Depth"),
                        TableLayout.Column.left("Factor"), TableLayout.Column.left("Dropout"),
                        TableLayout.Column.left("Std. aug."), TableLayout.Column.left("Rand. erase"),
                        TableLayout.Column.right("Paper"), TableLayout.Column.right("Reproduced"),
                        TableLayout.Column.right("n"), TableLayout.Column.right("Δ")),
                lines, notes.list());
    }

    private static String orDash(String value) {
        return value == null || value.isEmpty() ? CellFormat.NOT_APPLICABLE : value;
    }
}
