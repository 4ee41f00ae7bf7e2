package org.rtrain.reports;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Table 3 of the paper (ImageNet-1k, FLOPs, parameters and top-1/top-5 error, %) with this
 * project's counts and the reproduced errors under the printed ones. The cited rows (Inception V1,
 * MobileNet, ShuffleNet, NASNet-B/C) carry the paper's numbers only; the note on the CondenseNet
 * G=C=4 base row keeps the paper's slip visible.
 */
public final class ImageNetErrorTableReport implements TableReport {

    /**
     * One row: the paper's, the runs', and the counted figures.
     *
     * @param paper   the paper's row
     * @param runs    the row's runs at the table's scale
     * @param top1    clean top-1 error (%) over the completed runs
     * @param top5    clean top-5 error (%) over the completed runs that measured it
     * @param counted parameters and multiply-adds counted by this project, if known
     */
    public record Row(ImageNetErrorRow paper, RowRuns runs, SeedSummary top1, SeedSummary top5,
                      Optional<CountedFigures> counted) {
    }

    private final Scale scale;
    private final List<Row> rows;

    private ImageNetErrorTableReport(Scale scale, List<Row> rows) {
        this.scale = scale;
        this.rows = List.copyOf(rows);
    }

    /** Joins Table 3's rows with the results of {@code scale} and the counted figures (by paper row key). */
    public static ImageNetErrorTableReport of(Scale scale, List<RunResult> results,
                                              Map<PaperRowKey, ModelFigures> figures) {
        Objects.requireNonNull(scale, "scale");
        List<Row> rows = new ArrayList<>();
        for (ImageNetErrorRow paper : ImageNetErrorRow.all()) {
            RowRuns runs = RowRuns.of(paper, scale, results);
            rows.add(new Row(paper, runs, runs.summary(r -> r.clean().top1ErrorPct()),
                    runs.summary(r -> r.clean().top5() == null ? null : r.top5ErrorPct()),
                    CountedFigures.of(paper, runs, figures)));
        }
        return new ImageNetErrorTableReport(scale, rows);
    }

    @Override
    public int table() {
        return 3;
    }

    @Override
    public Scale scale() {
        return scale;
    }

    /** The rows in the paper's order. */
    public List<Row> rows() {
        return rows;
    }

    @Override
    public String csv() {
        List<String> header = new ArrayList<>(List.of("paper_row", "table", "dataset", "model", "variant", "cited",
                "paper_flops", "counted_flops", "paper_params", "counted_params", "figures_source"));
        header.addAll(MetricColumns.csvHeader("top1_err_pct"));
        header.addAll(MetricColumns.csvHeader("top5_err_pct"));
        header.addAll(List.of("n", "diverged", "dataset_used", "scale", "note"));
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setHeader(header.toArray(String[]::new)).get())) {
            for (Row row : rows) {
                ImageNetErrorRow p = row.paper();
                List<Object> record = new ArrayList<>(List.of(p.key(), p.table(), p.dataset(), p.model(), p.variant().code(),
                        p.cited() ? "yes" : "no", p.flops(),
                        row.counted().map(c -> (Object) c.figures().multiplyAdds()).orElse(""), p.parameters(),
                        row.counted().map(c -> (Object) c.figures().parameters()).orElse(""),
                        row.counted().map(CountedFigures::source).orElse("")));
                record.addAll(MetricColumns.csvCells(p.top1ErrorPct(), row.top1(), row.runs(), p.cited()));
                record.addAll(MetricColumns.csvCells(p.top5ErrorPct(), row.top5(), row.runs(), p.cited()));
                record.addAll(List.of(row.runs().n(), row.runs().diverged().size(), row.runs().datasetsUsed(), scale.code(),
                        p.note()));
                printer.printRecord(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Override
    public String latex() {
        return LatexTable.floating(layout());
    }

    @Override
    public String html() {
        return HtmlTable.render(layout());
    }

    private TableLayout layout() {
        TableLayout.Notes notes = new TableLayout.Notes();
        List<TableLayout.Line> lines = new ArrayList<>();
        lines.add(new TableLayout.Heading(rows.get(0).paper().dataset()));
        for (Row row : rows) {
            ImageNetErrorRow p = row.paper();
            if (row.counted().filter(CountedFigures::fromRuns).isPresent()) {
                notes.add("†", CountedFigures.RUNS_NOTE);
            }
            lines.addAll(MetricColumns.stacked(p.displayName(), notes.mark(p.note()), p.cited(), row.runs(),
                    List.of(p.flops(), p.parameters()),
                    List.of(row.counted().map(CountedFigures::multiplyAddsText).orElse(CellFormat.NOT_RUN),
                            row.counted().map(CountedFigures::parametersText).orElse(CellFormat.NOT_RUN)),
                    List.of(p.top1ErrorPct(), p.top5ErrorPct()), List.of(row.top1(), row.top5())));
        }
        return new TableLayout("Table 3: ImageNet-1k FLOPs, parameters and top-1/top-5 error (%)",
                TableLayout.reproductionCaption(3, "FLOPs (multiply-adds), parameters and top-1/top-5 error (%)",
                        scale, CellFormat.datasetsUsed(rows.stream().map(Row::paper).toList(),
                                rows.stream().map(Row::runs).toList()),
                        " Reproduced FLOPs and parameters are this project's counts."),
                "table3-" + scale.code(),
                List.of(TableLayout.Column.left("Model"), TableLayout.Column.left("Source"),
                        TableLayout.Column.right("n"), TableLayout.Column.right("FLOPs"),
                        TableLayout.Column.right("Params"), TableLayout.Column.right("Top-1 err."),
                        TableLayout.Column.right("Top-5 err.")),
                lines, notes.list());
    }
}
