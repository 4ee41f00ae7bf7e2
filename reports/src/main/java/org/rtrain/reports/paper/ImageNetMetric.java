package org.rtrain.reports.paper;

import java.util.ArrayList;
import java.util.List;

import org.rtrain.reports.results.RunResult;

/**
 * What one of the paper's two ImageNet-1k tables measures, and so how it is laid out: Table 2 prints
 * top-1/top-5 accuracy with image size, parameters and multiply-adds; Table 3 prints top-1/top-5 error
 * (the table is titled "error rate" although its columns are headed "Tops-1(%)") with FLOPs, which
 * CondenseNet counts as multiply-adds, and parameters.
 */
public enum ImageNetMetric {
    /** Table 2: NASNet-A (and the cited SENet), accuracy (%). */
    ACCURACY(2, "acc", List.of(Figure.IMAGE_SIZE, Figure.PARAMETERS, Figure.MULTIPLY_ADDS), "mult_adds", "Mult-adds",
            "Table 2: ImageNet-1k size, cost and top-1/top-5 accuracy (%)",
            "image size, parameters, multiply-adds and top-1/top-5 accuracy (%)",
            " Reproduced parameters and multiply-adds are this project's counts."),
    /** Table 3: CondenseNets and cited mobile-sized networks, error (%). */
    ERROR(3, "err", List.of(Figure.MULTIPLY_ADDS, Figure.PARAMETERS), "flops", "FLOPs",
            "Table 3: ImageNet-1k FLOPs, parameters and top-1/top-5 error (%)",
            "FLOPs (multiply-adds), parameters and top-1/top-5 error (%)",
            " Reproduced FLOPs and parameters are this project's counts.");

    /** A size or cost column the table prints beside the measure, in the table's order. */
    public enum Figure {
        /** The input size, e.g. {@code 331x331} (printed only; the runs' own is not shown). */
        IMAGE_SIZE,
        /** Trainable parameters. */
        PARAMETERS,
        /** Multiply-adds of one forward pass, which Table 3 calls FLOPs. */
        MULTIPLY_ADDS
    }

    private final int table;
    private final String abbreviation;
    private final List<Figure> figures;
    private final String multiplyAddsColumn;
    private final String multiplyAddsHeading;
    private final String title;
    private final String contents;
    private final String countsNote;

    ImageNetMetric(int table, String abbreviation, List<Figure> figures, String multiplyAddsColumn,
                   String multiplyAddsHeading, String title, String contents, String countsNote) {
        this.table = table;
        this.abbreviation = abbreviation;
        this.figures = figures;
        this.multiplyAddsColumn = multiplyAddsColumn;
        this.multiplyAddsHeading = multiplyAddsHeading;
        this.title = title;
        this.contents = contents;
        this.countsNote = countsNote;
    }

    /** The metric of the paper's table {@code table} (2 or 3). */
    static ImageNetMetric ofTable(int table) {
        for (ImageNetMetric metric : values()) {
            if (metric.table == table) {
                return metric;
            }
        }
        throw new IllegalArgumentException("the paper's ImageNet tables are 2 (accuracy) and 3 (error), got " + table);
    }

    /** The paper's table number. */
    public int table() {
        return table;
    }

    /** The measure in percent of a completed run, top-1: accuracy or error. */
    public double top1Pct(RunResult run) {
        return this == ACCURACY ? 100.0 * run.clean().top1() : run.clean().top1ErrorPct();
    }

    /** The measure in percent of a completed run, top-5, or null when the run did not measure top-5. */
    public Double top5Pct(RunResult run) {
        if (run.clean().top5() == null) {
            return null;
        }
        return this == ACCURACY ? 100.0 * run.clean().top5() : run.top5ErrorPct();
    }

    /** A printed top-1 value as clean top-1 accuracy in percent. */
    public double accuracyPct(double printedTop1) {
        return this == ACCURACY ? printedTop1 : 100.0 - printedTop1;
    }

    /** The size and cost columns, in the table's order. */
    public List<Figure> figures() {
        return figures;
    }

    /** The columns of the bundled paper CSV, {@code table<N>.csv}. */
    List<String> paperCsvHeader() {
        List<String> header = new ArrayList<>(List.of("table", "dataset", "model", "variant"));
        figures.forEach(f -> header.add(paperCsvColumn(f)));
        header.addAll(List.of(measure(1), measure(5), "note"));
        return header;
    }

    /** The paper CSV's column of {@code figure}. */
    public String paperCsvColumn(Figure figure) {
        return switch (figure) {
            case IMAGE_SIZE -> "image_size";
            case PARAMETERS -> "params";
            case MULTIPLY_ADDS -> multiplyAddsColumn;
        };
    }

    /** The layout's heading of {@code figure}. */
    public String heading(Figure figure) {
        return switch (figure) {
            case IMAGE_SIZE -> "Image size";
            case PARAMETERS -> "Params";
            case MULTIPLY_ADDS -> multiplyAddsHeading;
        };
    }

    /** The measure's name at top-{@code k}, e.g. {@code top1_acc}. */
    public String measure(int k) {
        return "top" + k + "_" + abbreviation;
    }

    /** The layout's heading of the measure at top-{@code k}, e.g. {@code Top-1 acc.}. */
    public String measureHeading(int k) {
        return "Top-" + k + " " + abbreviation + ".";
    }

    /** The table's title. */
    public String title() {
        return title;
    }

    /** What the table shows, for its caption. */
    public String contents() {
        return contents;
    }

    /** The caption's sentence on where the reproduced figures come from (with a leading space). */
    public String countsNote() {
        return countsNote;
    }
}
