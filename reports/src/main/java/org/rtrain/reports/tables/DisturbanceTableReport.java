package org.rtrain.reports.tables;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.rtrain.reports.paper.DisturbanceRow;
import org.rtrain.reports.paper.PaperValue;
import org.rtrain.reports.render.CsvTable;
import org.rtrain.reports.render.TableLayout;
import org.rtrain.reports.results.Accuracy;
import org.rtrain.reports.results.DisturbanceColumn;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.stats.SeedSummary;

/**
 * Table 1 of the paper (ImageNet-1k, top-1 accuracy, %, of CondenseNets under five input
 * disturbances) with the reproduced accuracy under each printed one.
 *
 * @param scale the scale whose results fill the table
 * @param rows  the rows in the paper's order
 */
public record DisturbanceTableReport(Scale scale, List<Row> rows) implements TableReport {

    /**
     * One row: the paper's and the runs'.
     *
     * @param paper    the paper's row
     * @param runs     the row's runs at the table's scale
     * @param accuracy top-1 accuracy (%) under each disturbance over the completed runs that measured it
     */
    public record Row(DisturbanceRow paper, RowRuns runs, Map<DisturbanceColumn, SeedSummary> accuracy) {

        public Row {
            accuracy = Collections.unmodifiableMap(new EnumMap<>(accuracy));
        }
    }

    public DisturbanceTableReport {
        Objects.requireNonNull(scale, "scale");
        rows = List.copyOf(rows);
    }

    /** Joins Table 1's rows with the results of {@code scale}. */
    public static DisturbanceTableReport of(Scale scale, List<RunResult> results) {
        Objects.requireNonNull(scale, "scale");
        List<Row> rows = new ArrayList<>();
        for (DisturbanceRow paper : DisturbanceRow.all()) {
            RowRuns runs = RowRuns.of(paper, scale, results);
            Map<DisturbanceColumn, SeedSummary> accuracy = new EnumMap<>(DisturbanceColumn.class);
            for (DisturbanceColumn d : DisturbanceColumn.values()) {
                accuracy.put(d, runs.summary(r -> {
                    Accuracy a = r.disturbances().get(d.key());
                    return a == null ? null : 100.0 * a.top1();
                }));
            }
            rows.add(new Row(paper, runs, accuracy));
        }
        return new DisturbanceTableReport(scale, rows);
    }

    @Override
    public int table() {
        return 1;
    }

    @Override
    public String csv() {
        List<String> header = new ArrayList<>(List.of("paper_row", "table", "dataset", "model", "variant",
                "groups_condense"));
        for (DisturbanceColumn d : DisturbanceColumn.values()) {
            header.addAll(MetricColumns.csvHeader(d.key() + "_top1_acc_pct"));
        }
        header.addAll(MetricColumns.RUNS_CSV_HEADER);
        CsvTable csv = new CsvTable(header);
        for (Row row : rows) {
            DisturbanceRow p = row.paper();
            List<Object> record = new ArrayList<>(List.of(p.key(), p.table(), p.dataset(), p.model(),
                    p.variant().code(), p.groups()));
            for (DisturbanceColumn d : DisturbanceColumn.values()) {
                record.addAll(MetricColumns.csvCells(p.top1AccuracyPct().get(d), row.accuracy().get(d),
                        row.runs(), p.cited()));
            }
            record.addAll(MetricColumns.runsCsvCells(row.runs(), scale));
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
        columns.addAll(List.of(TableLayout.Column.right("Crop"), TableLayout.Column.right("H-flip"),
                TableLayout.Column.right("Grayscale"), TableLayout.Column.right("Color"),
                TableLayout.Column.right("Five crop")));
        return new TableLayout("Table 1: ImageNet-1k top-1 accuracy (%) under five random disturbances",
                TableLayout.reproductionCaption(1, "top-1 accuracy (%) under random crop, horizontal flip, grayscale, "
                                + "color and five crop", scale,
                        CellFormat.datasetsUsed(rows, Row::paper, Row::runs), ""),
                "table1-" + scale.code(), columns, lines, notes.list());
    }

    private static List<TableLayout.Cells> stackedLines(Row row, TableLayout.Notes notes) {
        DisturbanceRow p = row.paper();
        List<PaperValue> paper = new ArrayList<>();
        List<SeedSummary> reproduced = new ArrayList<>();
        for (DisturbanceColumn d : DisturbanceColumn.values()) {
            paper.add(p.top1AccuracyPct().get(d));
            reproduced.add(row.accuracy().get(d));
        }
        return MetricColumns.stacked(p.displayName(), notes.mark(p.note()), p.cited(), row.runs(), List.of(), List.of(),
                paper, reproduced);
    }
}
