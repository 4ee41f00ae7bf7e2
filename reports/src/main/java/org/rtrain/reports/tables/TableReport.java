package org.rtrain.reports.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.rtrain.perturb.io.AtomicFile;
import org.rtrain.reports.paper.ImageNetMetric;
import org.rtrain.reports.render.HtmlTable;
import org.rtrain.reports.render.LatexTable;
import org.rtrain.reports.render.TableLayout;
import org.rtrain.reports.results.PaperRowKey;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.Scale;

/**
 * One of the paper's Tables 1 to 5 at one scale: the paper's numbers beside the reproduction, as
 * CSV (one record per paper row), as a booktabs LaTeX table and as an HTML table. Reproduced cells
 * are mean ± sample standard deviation over the seeds that completed, with their number n and the
 * difference to the paper; rows without runs read "missing" (CSV) or "—", never zero; rows whose
 * runs all diverged read "diverged"; rows the paper only cites are marked cited. Each table keeps
 * the paper's convention: Tables 1 and 2 report accuracy, Tables 3 to 5 error.
 */
public sealed interface TableReport
        permits DisturbanceTableReport, ImageNetTableReport, ErrorTableReport {

    /** The paper's table number. */
    int table();

    /** The scale whose results fill the table. */
    Scale scale();

    /** The table as CSV, one record per paper row, in the paper's order. */
    String csv();

    /** The table as text cells, from which {@link #latex()} and {@link #html()} are written. */
    TableLayout layout();

    /** The table as a LaTeX {@code table} environment using booktabs. */
    default String latex() {
        return LatexTable.floating(layout());
    }

    /** The table as an HTML {@code table} element with its caption and notes. */
    default String html() {
        return HtmlTable.render(layout());
    }

    /** Writes {@code table<N>.csv} and {@code table<N>.tex} into {@code directory} atomically; returns them. */
    default List<Path> writeTo(Path directory) {
        try {
            return List.of(AtomicFile.write(directory.resolve("table" + table() + ".csv"), csv()),
                    AtomicFile.write(directory.resolve("table" + table() + ".tex"), latex()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write table " + table() + " to " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Tables 1 to 5 at {@code scale}.
     *
     * @param results every result (other scales are ignored)
     * @param figures this project's parameter and multiply-add counts by paper row key, for Tables 2 and 3
     */
    static List<TableReport> all(Scale scale, List<RunResult> results, Map<PaperRowKey, ModelFigures> figures) {
        return List.of(DisturbanceTableReport.of(scale, results),
                ImageNetTableReport.of(ImageNetMetric.ACCURACY, scale, results, figures),
                ImageNetTableReport.of(ImageNetMetric.ERROR, scale, results, figures),
                ErrorTableReport.of(4, scale, results), ErrorTableReport.of(5, scale, results));
    }
}
