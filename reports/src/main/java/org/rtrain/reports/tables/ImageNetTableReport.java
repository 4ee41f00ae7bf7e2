package org.rtrain.reports.tables;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.rtrain.reports.paper.ImageNetMetric;
import org.rtrain.reports.paper.ImageNetRow;
import org.rtrain.reports.render.CsvTable;
import org.rtrain.reports.render.TableLayout;
import org.rtrain.reports.results.PaperRowKey;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.stats.SeedSummary;

/**
 * Table 2 or 3 of the paper (ImageNet-1k; see {@link ImageNetMetric}) with this project's parameter and
 * multiply-add counts and the reproduced top-1/top-5 measure under the printed ones. Cited rows (SENet in
 * Table 2; Inception V1, MobileNet, ShuffleNet, NASNet-B/C in Table 3) carry the paper's numbers only;
 * the note on the CondenseNet G=C=4 base row of Table 3 keeps the paper's slip visible.
 *
 * @param metric what the table measures
 * @param scale  the scale whose results fill the table
 * @param rows   the rows in the paper's order
 */
public record ImageNetTableReport(ImageNetMetric metric, Scale scale, List<Row> rows) implements TableReport {

    /**
     * One row: the paper's, the runs', and the counted figures.
     *
     * @param paper   the paper's row
     * @param runs    the row's runs at the table's scale
     * @param top1    the clean top-1 measure (%) over the completed runs
     * @param top5    the clean top-5 measure (%) over the completed runs that measured it
     * @param counted parameters and multiply-adds counted by this project, if known
     */
    public record Row(ImageNetRow paper, RowRuns runs, SeedSummary top1, SeedSummary top5,
                      Optional<CountedFigures> counted) {
    }

    public ImageNetTableReport {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(scale, "scale");
        rows = List.copyOf(rows);
    }

    /** Joins the rows of {@code metric}'s table with the results of {@code scale} and the counted figures. */
    public static ImageNetTableReport of(ImageNetMetric metric, Scale scale, List<RunResult> results,
                                         Map<PaperRowKey, ModelFigures> figures) {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(scale, "scale");
        List<Row> rows = new ArrayList<>();
        for (ImageNetRow paper : ImageNetRow.all(metric)) {
            RowRuns runs = RowRuns.of(paper, scale, results);
            rows.add(new Row(paper, runs, runs.summary(metric::top1Pct), runs.summary(metric::top5Pct),
                    CountedFigures.of(paper, runs, figures)));
        }
        return new ImageNetTableReport(metric, scale, rows);
    }

    @Override
    public int table() {
        return metric.table();
    }

    @Override
    public String csv() {
        List<String> header = new ArrayList<>(List.of("paper_row", "table", "dataset", "model", "variant", "cited"));
        for (ImageNetMetric.Figure figure : metric.figures()) {
            String column = metric.paperCsvColumn(figure);
            header.addAll(figure == ImageNetMetric.Figure.IMAGE_SIZE ? List.of(column)
                    : List.of("paper_" + column, "counted_" + column));
        }
        header.add("figures_source");
        header.addAll(MetricColumns.csvHeader(metric.measure(1) + "_pct"));
        header.addAll(MetricColumns.csvHeader(metric.measure(5) + "_pct"));
        header.addAll(MetricColumns.RUNS_CSV_HEADER);
        header.add("note");
        CsvTable csv = new CsvTable(header);
        for (Row row : rows) {
            ImageNetRow p = row.paper();
            List<Object> record = new ArrayList<>(List.of(p.key(), p.table(), p.dataset(), p.model(),
                    p.variant().code(), p.cited() ? "yes" : "no"));
            for (ImageNetMetric.Figure figure : metric.figures()) {
                switch (figure) {
                    case IMAGE_SIZE -> record.add(p.imageSize());
                    case PARAMETERS -> record.addAll(List.of(p.parameters(),
                            row.counted().map(c -> (Object) c.figures().parameters()).orElse("")));
                    case MULTIPLY_ADDS -> record.addAll(List.of(p.multiplyAdds(),
                            row.counted().map(c -> (Object) c.figures().multiplyAdds()).orElse("")));
                }
            }
            record.add(row.counted().map(CountedFigures::source).orElse(""));
            record.addAll(MetricColumns.csvCells(p.top1Pct(), row.top1(), row.runs(), p.cited()));
            record.addAll(MetricColumns.csvCells(p.top5Pct(), row.top5(), row.runs(), p.cited()));
            record.addAll(MetricColumns.runsCsvCells(row.runs(), scale));
            record.add(p.note());
            csv.add(record);
        }
        return csv.text();
    }

    @Override
    public TableLayout layout() {
        TableLayout.Notes notes = new TableLayout.Notes();
        List<TableLayout.Line> lines = MetricColumns.underHeading(rows.get(0).paper().dataset(), rows,
                row -> stackedLines(row, notes));
        List<TableLayout.Column> columns = MetricColumns.leadingColumns();
        metric.figures().forEach(f -> columns.add(f == ImageNetMetric.Figure.IMAGE_SIZE
                ? TableLayout.Column.left(metric.heading(f)) : TableLayout.Column.right(metric.heading(f))));
        columns.add(TableLayout.Column.right(metric.measureHeading(1)));
        columns.add(TableLayout.Column.right(metric.measureHeading(5)));
        return new TableLayout(metric.title(),
                TableLayout.reproductionCaption(metric.table(), metric.contents(), scale,
                        CellFormat.datasetsUsed(rows, Row::paper, Row::runs), metric.countsNote()),
                "table" + metric.table() + "-" + scale.code(), columns, lines, notes.list());
    }

    private List<TableLayout.Cells> stackedLines(Row row, TableLayout.Notes notes) {
        ImageNetRow p = row.paper();
        if (row.counted().filter(CountedFigures::fromRuns).isPresent()) {
            notes.add("†", CountedFigures.RUNS_NOTE);
        }
        List<String> printed = new ArrayList<>();
        List<String> counted = new ArrayList<>();
        for (ImageNetMetric.Figure figure : metric.figures()) {
            switch (figure) {
                case IMAGE_SIZE -> {
                    printed.add(p.imageSize());
                    counted.add(CellFormat.NOT_APPLICABLE);
                }
                case PARAMETERS -> {
                    printed.add(p.parameters());
                    counted.add(row.counted().map(CountedFigures::parametersText).orElse(CellFormat.NOT_RUN));
                }
                case MULTIPLY_ADDS -> {
                    printed.add(p.multiplyAdds());
                    counted.add(row.counted().map(CountedFigures::multiplyAddsText).orElse(CellFormat.NOT_RUN));
                }
            }
        }
        return MetricColumns.stacked(p.displayName(), notes.mark(p.note()), p.cited(), row.runs(), printed, counted,
                List.of(p.top1Pct(), p.top5Pct()), List.of(row.top1(), row.top5()));
    }
}
