package org.rtrain.reports;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Table 4 or 5 of the paper (test error of the base, FGSM- and R- variants) with the reproduced
 * error beside each printed one: mean and sample standard deviation over the seeds that ran, their
 * number, the difference, the dataset actually used and the scale. Rows without results are
 * marked missing, never shown as zeros.
 */
public final class ErrorTableReport {

    /**
     * One row: the paper's and, if any run finished, the reproduction's.
     *
     * @param paper       the paper's row
     * @param n           number of finished runs
     * @param meanPct     mean error over them (NaN when n = 0)
     * @param stdPct      sample standard deviation (NaN when n < 2)
     * @param datasetUsed datasets those runs used, comma-separated
     */
    public record Row(PaperRow paper, int n, double meanPct, double stdPct, String datasetUsed) {

        /** Reproduced minus paper error, in percentage points (NaN when missing). */
        public double differencePct() {
            return meanPct - paper.errorPct();
        }
    }

    private final int table;
    private final String scale;
    private final List<Row> rows;

    private ErrorTableReport(int table, String scale, List<Row> rows) {
        this.table = table;
        this.scale = scale;
        this.rows = rows;
    }

    /** Joins the paper's rows of {@code table} with the results of {@code scale}. */
    public static ErrorTableReport of(int table, String scale, List<RunResult> results) {
        List<Row> rows = new ArrayList<>();
        for (PaperRow paper : PaperRow.errorTable(table)) {
            List<RunResult> matching = results.stream()
                    .filter(r -> r.paperRow().equals(paper.key()) && r.scale().equals(scale) && !r.epsSweep()
                            && r.status() == RunStatus.COMPLETED)
                    .toList();
            double[] errors = matching.stream().mapToDouble(RunResult::testErrorPct).toArray();
            TreeSet<String> used = new TreeSet<>();
            matching.forEach(r -> used.add(r.datasetUsed()));
            rows.add(new Row(paper, errors.length, mean(errors), sampleStd(errors), String.join(", ", used)));
        }
        return new ErrorTableReport(table, scale, rows);
    }

    public List<Row> rows() {
        return rows;
    }

    /** Writes {@code table<N>.csv} and {@code table<N>.tex} into {@code directory}; returns the two files. */
    public List<Path> writeTo(Path directory) {
        try {
            Files.createDirectories(directory);
            Path csv = directory.resolve("table" + table + ".csv");
            Path tex = directory.resolve("table" + table + ".tex");
            writeAtomically(csv, csv());
            writeAtomically(tex, latex());
            return List.of(csv, tex);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write table " + table + " to " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The table as CSV, one row per paper row. */
    public String csv() {
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader("table", "dataset", "model", "variant", "depth",
                "factor", "dropout", "standard_aug", "random_erase", "paper_error_pct", "reproduced_error_pct_mean",
                "reproduced_error_pct_std", "n", "difference_pct", "dataset_used", "scale", "note").get();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            for (Row row : rows) {
                PaperRow p = row.paper();
                printer.printRecord(p.table(), p.dataset(), p.model(), p.variant(), p.depth(), p.factor(), p.dropout(),
                        p.standardAug(), p.randomErase(), number(p.errorPct()),
                        row.n() == 0 ? "missing" : number(row.meanPct()), row.n() < 2 ? "" : number(row.stdPct()),
                        row.n(), row.n() == 0 ? "" : signed(row.differencePct()), row.datasetUsed(), scale, p.note());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The table as a LaTeX {@code table} environment using booktabs. */
    public String latex() {
        TreeSet<String> used = new TreeSet<>();
        rows.stream().filter(r -> r.n() > 0).forEach(r -> used.add(r.datasetUsed()));
        StringBuilder tex = new StringBuilder();
        tex.append("% Requires \\usepackage{booktabs}\n");
        tex.append("\\begin{table}[t]\n\\centering\n\\small\n");
        tex.append("\\caption{Table ").append(table).append(" of the paper: test error (\\%) as printed and as "
                + "reproduced at the \\texttt{").append(escape(scale)).append("} scale");
        if (!used.isEmpty()) {
            tex.append(" on ").append(escape(String.join("; ", used)));
        }
        tex.append(". Reproduced: mean $\\pm$ sample standard deviation over $n$ seeds; $\\Delta$ = reproduced "
                + "$-$ paper; --- = not run.}\n");
        tex.append("\\label{tab:table").append(table).append('-').append(escape(scale)).append("}\n");
        tex.append("\\begin{tabular}{llllllrrrrl}\n\\toprule\n");
        tex.append("Model & Depth & Factor & Dropout & Std.\\ aug. & Rand.\\ erase & Paper & Reproduced & $n$ "
                + "& $\\Delta$ & Data used \\\\\n");
        String block = null;
        for (Row row : rows) {
            PaperRow p = row.paper();
            if (!Objects.equals(block, p.dataset())) {
                block = p.dataset();
                tex.append("\\midrule\n\\multicolumn{11}{l}{\\textit{").append(escape(block)).append("}} \\\\\n");
            }
            tex.append(escape(p.displayName())).append(" & ").append(dash(p.depth())).append(" & ")
                    .append(dash(p.factor())).append(" & ").append(p.dropout()).append(" & ")
                    .append(p.standardAug()).append(" & ").append(p.randomErase()).append(" & ")
                    .append(number(p.errorPct())).append(" & ");
            if (row.n() == 0) {
                tex.append("--- & 0 & --- & --- \\\\\n");
            } else {
                tex.append(number(row.meanPct()));
                if (row.n() > 1) {
                    tex.append(" $\\pm$ ").append(number(row.stdPct()));
                }
                tex.append(" & ").append(row.n()).append(" & $").append(signed(row.differencePct())).append("$ & ")
                        .append(escape(row.datasetUsed())).append(" \\\\\n");
            }
        }
        tex.append("\\bottomrule\n\\end{tabular}\n\\end{table}\n");
        return tex.toString();
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName().toString(), ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static double mean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double sampleStd(double[] values) {
        if (values.length < 2) {
            return Double.NaN;
        }
        double mean = mean(values);
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String signed(double value) {
        return String.format(Locale.ROOT, "%+.2f", value);
    }

    private static String dash(String value) {
        return value == null || value.isEmpty() ? "--" : escape(value);
    }

    /** Escapes LaTeX's special characters in text. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\textbackslash{}");
                case '&', '%', '$', '#', '_', '{', '}' -> out.append('\\').append(c);
                case '~' -> out.append("\\textasciitilde{}");
                case '^' -> out.append("\\textasciicircum{}");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
