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
 * Table 2 of the paper (ImageNet-1k, image size, parameters, multiply-adds and top-1/top-5
 * accuracy, %) with this project's counts and the reproduced accuracies under the printed ones.
 * SENet's row is cited from its own paper and carries the paper's numbers only.
 */
public final class ImageNetAccuracyTableReport implements TableReport {

    /**
     * One row: the paper's, the runs', and the counted figures.
     *
     * @param paper   the paper's row
     * @param runs    the row's runs at the table's scale
     * @param top1    clean top-1 accuracy (%) over the completed runs
     * @param top5    clean top-5 accuracy (%) over the completed runs that measured it
     * @param counted parameters and multiply-adds counted by this project, if known
     */
    public record Row(ImageNetAccuracyRow paper, RowRuns runs, SeedSummary top1, SeedSummary top5,
                      Optional<CountedFigures> counted) {
    }

    private final Scale scale;
    private final List<Row> rows;

    private ImageNetAccuracyTableReport(Scale scale, List<Row> rows) {
        this.scale = scale;
        this.rows = List.copyOf(rows);
    }

    /** Joins Table 2's rows with the results of {@code scale} and the counted figures (by paper row key). */
    public static ImageNetAccuracyTableReport of(Scale scale, List<RunResult> results,
                                                 Map<PaperRowKey, ModelFigures> figures) {
        Objects.requireNonNull(scale, "scale");
        List<Row> rows = new ArrayList<>();
        for (ImageNetAccuracyRow paper : ImageNetAccuracyRow.all()) {
            RowRuns runs = RowRuns.of(paper, scale, results);
            rows.add(new Row(paper, runs, runs.summary(r -> 100.0 * r.clean().top1()),
                    runs.summary(r -> r.clean().top5() == null ? null : 100.0 * r.clean().top5()),
                    CountedFigures.of(paper, runs, figures)));
        }
        return new ImageNetAccuracyTableReport(scale, rows);
    }

    @Override
    public int table() {
        return 2;
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
                "image_size", "paper_params", "counted_params", "paper_mult_adds", "counted_mult_adds",
                "figures_source"));
        header.addAll(MetricColumns.csvHeader("top1_acc_pct"));
        header.addAll(MetricColumns.csvHeader("top5_acc_pct"));
        header.addAll(List.of("n", "diverged", "dataset_used", "scale", "note"));
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setHeader(header.toArray(String[]::new)).get())) {
            for (Row row : rows) {
                ImageNetAccuracyRow p = row.paper();
                List<Object> record = new ArrayList<>(List.of(p.key(), p.table(), p.dataset(), p.model(), p.variant().code(),
                        p.cited() ? "yes" : "no", p.imageSize(), p.parameters(),
                        row.counted().map(c -> (Object) c.figures().parameters()).orElse(""), p.multiplyAdds(),
                        row.counted().map(c -> (Object) c.figures().multiplyAdds()).orElse(""),
                        row.counted().map(CountedFigures::source).orElse("")));
                record.addAll(MetricColumns.csvCells(p.top1AccuracyPct(), row.top1(), row.runs(), p.cited()));
                record.addAll(MetricColumns.csvCells(p.top5AccuracyPct(), row.top5(), row.runs(), p.cited()));
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
            ImageNetAccuracyRow p = row.paper();
            if (row.counted().filter(CountedFigures::fromRuns).isPresent()) {
                notes.add("†", CountedFigures.RUNS_NOTE);
            }
            lines.addAll(MetricColumns.stacked(p.displayName(), notes.mark(p.note()), p.cited(), row.runs(),
                    List.of(p.imageSize(), p.parameters(), p.multiplyAdds()),
                    List.of(CellFormat.NOT_APPLICABLE,
                            row.counted().map(CountedFigures::parametersText).orElse(CellFormat.NOT_RUN),
                            row.counted().map(CountedFigures::multiplyAddsText).orElse(CellFormat.NOT_RUN)),
                    List.of(p.top1AccuracyPct(), p.top5AccuracyPct()), List.of(row.top1(), row.top5())));
        }
        return new TableLayout("Table 2: ImageNet-1k size, cost and top-1/top-5 accuracy (%)",
                TableLayout.reproductionCaption(2, "image size, parameters, multiply-adds and top-1/top-5 accuracy "
                                + "(%)", scale, CellFormat.datasetsUsed(rows.stream().map(Row::paper).toList(),
                                rows.stream().map(Row::runs).toList()),
                        " Reproduced parameters and multiply-adds are this project's counts."),
                "table2-" + scale.code(),
                List.of(TableLayout.Column.left("Model"), TableLayout.Column.left("Source"),
                        TableLayout.Column.right("n"), TableLayout.Column.left("Image size"),
                        TableLayout.Column.right("Params"), TableLayout.Column.right("Mult-adds"),
                        TableLayout.Column.right("Top-1 acc."), TableLayout.Column.right("Top-5 acc.")),
                lines, notes.list());
    }
}
