package org.rtrain.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.rtrain.perturb.io.AtomicFile;
import org.rtrain.reports.claims.AnswerReport;
import org.rtrain.reports.paper.PaperRow;
import org.rtrain.reports.render.PdfLatex;
import org.rtrain.reports.results.PaperRowKey;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.tables.ModelFigures;
import org.rtrain.reports.tables.TableReport;

/**
 * Writes every report artefact from saved results, for each scale present:
 * <pre>
 *   out/tables/&lt;scale&gt;/table{1..5}.csv, table{1..5}.tex   the paper's tables beside the reproduction
 *   out/tables/&lt;scale&gt;/tables.pdf                         the five tables and the claims (needs pdflatex)
 *   out/claims/&lt;scale&gt;/claims.csv, claims.tex, claims.txt  the paper's claims with computed verdicts
 *   out/claims/&lt;scale&gt;/sweep.csv, sweep.txt                the R- eps sweep with confidence intervals
 *   out/claims/&lt;scale&gt;/answer-&lt;block&gt;.md                 each block with runs, as the README quotes it
 *   out/report.html                                          one self-contained page, every scale
 * </pre>
 * Every file is written through an {@link AtomicFile}. Reports never train: they read
 * results only.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    /**
     * Writes the report into {@code outDir}, using {@code pdflatex} from the PATH when it is there.
     *
     * @param results every saved result (all scales)
     * @param figures this project's parameter and multiply-add counts by paper row key (e.g.
     *                {@code 2/ImageNet-1k/NASNet-A/base}), for Tables 2 and 3; may be empty
     * @return the files written, notices for the reader (results ignored, PDF skipped), and each
     *         scale's report (its claims' {@link org.rtrain.reports.claims.ClaimsReport#text()} is what a terminal
     *         shows)
     * @throws IllegalStateException when pdflatex is present but fails on a table; the PDFs are
     *                               written last, so every other file is in place by then
     */
    public static WrittenReport write(List<RunResult> results, Map<PaperRowKey, ModelFigures> figures, Path outDir) {
        return write(results, figures, outDir, PdfLatex.onPath());
    }

    /** As {@link #write(List, Map, Path)}, with the given pdflatex (empty: no PDF). */
    public static WrittenReport write(List<RunResult> results, Map<PaperRowKey, ModelFigures> figures, Path outDir,
                                      Optional<PdfLatex> pdflatex) {
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(figures, "figures");
        List<String> notices = new ArrayList<>(checkKeys(results, figures));
        List<Scale> scales = scales(results);
        if (scales.isEmpty()) {
            notices.add("no saved results: nothing to report");
            return new WrittenReport(List.of(), notices, List.of());
        }
        List<Path> files = new ArrayList<>();
        List<ScaleReport> reports = new ArrayList<>();
        for (Scale scale : scales) {
            ScaleReport report = ScaleReport.of(scale, results, figures);
            reports.add(report);
            for (TableReport table : report.tables()) {
                files.addAll(table.writeTo(outDir.resolve("tables").resolve(scale.code())));
            }
            files.addAll(report.claims().writeTo(outDir.resolve("claims").resolve(scale.code())));
            files.addAll(report.sweep().writeTo(outDir.resolve("claims").resolve(scale.code())));
            for (String block : report.claims().blocks()) {
                files.add(writeAnswer(outDir.resolve("claims").resolve(scale.code()), scale, block, results));
            }
        }
        try {
            files.add(AtomicFile.write(outDir.resolve("report.html"), HtmlReport.render(reports, notices)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + outDir.resolve("report.html") + ": " + e.getMessage(), e);
        }
        for (ScaleReport report : reports) {
            Path pdf = outDir.resolve("tables").resolve(report.scale().code()).resolve("tables.pdf");
            if (pdflatex.isPresent()) {
                files.add(pdflatex.get().compile(document(report), pdf));
            } else {
                notices.add("pdflatex is not on the PATH, so " + pdf + " was not written (Debian: apt-get install "
                        + "texlive-latex-base texlive-latex-recommended); the .tex tables beside it are complete");
            }
        }
        return new WrittenReport(files, notices, reports);
    }

    /** The block's answer in Markdown, as the README quotes it: {@code answer-<dataset>-<model>.md}. */
    private static Path writeAnswer(Path directory, Scale scale, String block, List<RunResult> results) {
        String name = "answer-" + block.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-|-$", "") + ".md";
        try {
            return AtomicFile.write(directory.resolve(name), AnswerReport.markdown(scale, results, block));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + directory.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    /** The LaTeX document of one scale: its five tables and its claims. */
    static String document(ScaleReport report) {
        List<String> fragments = new ArrayList<>();
        report.tables().forEach(t -> fragments.add(t.latex()));
        fragments.add(report.claims().latex());
        return PdfLatex.document("Tables 1 to 5 of Di, Yu and Tian (2018) reproduced at the "
                + report.scale().code() + " scale", fragments);
    }

    /** The scales present, in the order smoke, quick, paper. */
    static List<Scale> scales(List<RunResult> results) {
        return List.copyOf(new TreeSet<>(results.stream().map(RunResult::scale).toList()));
    }

    /** Notices for results and figures that name no row of the paper's tables (they appear nowhere). */
    private static List<String> checkKeys(List<RunResult> results, Map<PaperRowKey, ModelFigures> figures) {
        Set<PaperRowKey.Network> networks = new HashSet<>();
        Set<PaperRowKey> keys = new HashSet<>();
        for (PaperRow row : PaperRow.all()) {
            networks.add(row.key().network());
            keys.add(row.key());
        }
        List<String> notices = new ArrayList<>();
        for (RunResult r : results) {
            if (!networks.contains(r.paperRow().network())) {
                notices.add("ignored the result of " + r.specId() + " seed " + r.seedIndex() + " (" + r.scale().code()
                        + " scale): its paper row '" + r.paperRow() + "' matches no row of the paper's tables");
            }
        }
        for (PaperRowKey key : figures.keySet().stream().sorted(Comparator.comparing(PaperRowKey::toString)).toList()) {
            if (!keys.contains(key)) {
                notices.add("ignored the model figures for '" + key + "': not the key of a row of the paper's tables "
                        + "(<table>/<dataset>/<model>/<variant>)");
            }
        }
        return notices;
    }
}
