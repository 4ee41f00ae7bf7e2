package org.rtrain.reports.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.reports.paper.ErrorRow;
import org.rtrain.reports.paper.ImageNetMetric;
import org.rtrain.reports.paper.PaperRow;
import org.rtrain.reports.render.LatexText;
import org.rtrain.reports.results.PaperRowKey;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.results.SyntheticResults;

/** Tables 1 to 5 from {@link SyntheticResults#fixture()}: numbers, shapes, missing, diverged and cited rows. */
public class TableReportsTest {

    private static final List<RunResult> RESULTS = SyntheticResults.fixture();

    @TempDir
    Path dir;

    /** The rows of a CSV text with a header line. */
    public static List<CSVRecord> records(String csv) throws IOException {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv))
                .getRecords();
    }

    /** Asserts that {@code record} holds each expected value under its column. */
    static void assertFields(CSVRecord record, Map<String, String> expected) {
        Map<String, String> actual = new TreeMap<>();
        expected.keySet().forEach(column -> actual.put(column, record.get(column)));
        assertEquals(new TreeMap<>(expected), actual, "fields of " + record.get("paper_row"));
    }

    /** Every body row of every tabular/longtable has as many cells as the column specification has letters. */
    public static void assertColumnSpecMatchesCells(String tex) {
        Matcher begin = Pattern.compile("\\\\begin\\{(?:tabular|longtable)\\}\\{([lrc]+)\\}").matcher(tex);
        assertTrue(begin.find(), tex);
        int columns = begin.group(1).length();
        String body = tex.substring(begin.end(), tex.indexOf("\\end{", begin.end()));
        int rows = 0;
        for (String line : body.lines().toList()) {
            if (line.endsWith("\\\\") && !line.startsWith("\\multicolumn") && !line.startsWith("\\caption")) {
                long ampersands = Pattern.compile("(?<!\\\\)&").matcher(line).results().count();
                assertEquals(columns, ampersands + 1, "cells of: " + line);
                rows++;
            }
        }
        assertTrue(rows > 1, "no rows found in " + tex);
    }

    @Test
    void table4ShowsMeanStdNDifferenceAndMissingAndDivergedRows() throws IOException {
        ErrorTableReport report = ErrorTableReport.of(4, Scale.QUICK, RESULTS);
        List<CSVRecord> rows = records(report.csv());
        assertEquals(ErrorRow.table(4).stream().map(r -> r.key().toString()).toList(),
                rows.stream().map(r -> r.get("paper_row")).toList(), "one record per paper row, in order");

        assertFields(rows.get(0), Map.of("paper_error_pct", "0.50", "reproduced_error_pct_mean", "10.00",
                "reproduced_error_pct_std", "1.00", "n", "3", "difference_pct", "+9.50",
                "dataset_used", "Fashion-MNIST", "scale", "quick"));
        assertFields(rows.get(1), Map.of("reproduced_error_pct_mean", "missing", "n", "0", "difference_pct", ""));
        CSVRecord r = rows.get(2);
        assertFields(r, Map.of("reproduced_error_pct_mean", "8.13", "reproduced_error_pct_std", "0.32",
                "difference_pct", "+7.85"));
        assertEquals("3", r.get("n"), "sweep points are not the row's own runs");
        CSVRecord capsBase = rows.get(3);
        assertFields(capsBase, Map.of("reproduced_error_pct_mean", "0.50", "n", "1", "diverged", "1"));
        assertEquals("", capsBase.get("reproduced_error_pct_std"), "one seed has no standard deviation");
        assertFields(rows.get(5), Map.of("reproduced_error_pct_mean", "diverged", "diverged", "2"));
        assertEquals("missing", rows.get(6).get("reproduced_error_pct_mean"), "no run is never a zero");

        String tex = report.latex();
        assertColumnSpecMatchesCells(tex);
        assertTrue(tex.contains("LeNet & -- & -- & yes & no & no & 0.50 & 10.00 $\\pm$ 1.00 & 3 & +9.50 \\\\"), tex);
        assertTrue(tex.contains("FGSM-LeNet & -- & -- & yes & no & no & 0.60 & --- & 0 & --- \\\\"), tex);
        assertTrue(tex.contains("R-CapsNet & -- & -- & yes & no & no & 0.30 & diverged & 0 of 2 & ---"),
                tex);
        assertTrue(tex.contains("CapsNet & -- & -- & yes & no & no & 0.35 & 0.50 & 1 of 2 & +0.15"), tex);
        assertTrue(tex.contains("\\texttt{quick}") && tex.contains("MNIST rows ran on Fashion-MNIST"), tex);
        assertTrue(tex.contains("FGSM-Wide ResNet\\textsuperscript{a}") && tex.contains("FGSM-S-Resnet"),
                "the paper's slip is kept as a note: " + tex);

        String html = report.html();
        assertTrue(html.contains("<table class=\"results\" id=\"table4-quick\">"), html);
        assertTrue(html.contains("<td class=\"num\">10.00 ± 1.00</td>"), html);

        assertEquals(List.of(dir.resolve("table4.csv"), dir.resolve("table4.tex")), report.writeTo(dir));
        assertEquals(report.csv(), Files.readString(dir.resolve("table4.csv")));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void table1And3ReadTheSameCondenseNetRunsEachInItsOwnConvention() throws IOException {
        List<CSVRecord> table1 = records(DisturbanceTableReport.of(Scale.QUICK, RESULTS).csv());
        assertEquals(6, table1.size());
        assertFields(table1.get(1), Map.of("paper_row", "1/ImageNet-1k/CondenseNet (G=C=8)/base",
                "paper_random_crop_top1_acc_pct", "70.04", "paper_random_crop_top1_acc_pct_pm", "0.05",
                "reproduced_random_crop_top1_acc_pct_mean", "70.00", "reproduced_random_crop_top1_acc_pct_std", "0.00",
                "difference_random_crop_top1_acc_pct", "-0.04",
                "reproduced_random_five_crop_top1_acc_pct_mean", "60.00", "n", "2"));
        assertEquals("", table1.get(0).get("paper_random_crop_top1_acc_pct_pm"), "FGSM rows print no ±");
        assertEquals("missing", table1.get(0).get("reproduced_random_crop_top1_acc_pct_mean"));
        String tex1 = DisturbanceTableReport.of(Scale.QUICK, RESULTS).latex();
        assertColumnSpecMatchesCells(tex1);
        assertTrue(tex1.contains("CondenseNet (G=C=8) & paper &  & 70.04 $\\pm$ 0.05 & 71.00 $\\pm$ 0.03"), tex1);
        assertTrue(tex1.contains(" & reproduced & 2 & 70.00 $\\pm$ 0.00 & 71.00 $\\pm$ 0.00"), tex1);
        assertTrue(tex1.contains(" & $\\Delta$ &  & $-$0.04 & +0.00"), tex1);

        ImageNetTableReport table3 = ImageNetTableReport.of(ImageNetMetric.ERROR, Scale.QUICK, RESULTS,
                Map.of(PaperRowKey.parse("3/ImageNet-1k/CondenseNet (G=C=4)/base"),
                        new ModelFigures(4_800_000, 529_000_000)));
        List<CSVRecord> rows = records(table3.csv());
        assertEquals(11, rows.size());
        assertFields(rows.get(0), Map.of("cited", "yes", "reproduced_top1_err_pct_mean", "cited",
                "paper_top1_err_pct", "30.2"));
        CSVRecord g8 = rows.get(5);
        assertFields(g8, Map.of("paper_row", "3/ImageNet-1k/CondenseNet (G=C=8)/base", "reproduced_top1_err_pct_std",
                "1.41", "difference_top1_err_pct", "+0.00", "reproduced_top5_err_pct_mean", "11.00",
                "difference_top5_err_pct", "+1.00"));
        assertEquals("29.00", g8.get("reproduced_top1_err_pct_mean"), "errors 28 and 30 (accuracies 72 and 70)");
        assertEquals("runs", g8.get("figures_source"), "no counted figure given: the runs' own");
        assertFields(rows.get(6), Map.of("paper_flops", "274M", "counted_flops", "529000000", "figures_source",
                "counter", "reproduced_top1_err_pct_mean", "missing"));
        String tex3 = table3.latex();
        assertColumnSpecMatchesCells(tex3);
        assertTrue(tex3.contains("Inception V1\\textsuperscript{a} & cited &  & 1448M & 6.6M & 30.2 & 10.1 \\\\"),
                tex3);
        assertTrue(tex3.contains("CondenseNet (G=C=4)\\textsuperscript{b} & paper &  & 274M & 2.9M & 26.2 & 8.3"),
                tex3);
        assertTrue(tex3.contains(" & reproduced & 0 & 529.0M & 4.8M & --- & --- \\\\"), tex3);
        assertTrue(tex3.contains("2.3M \\textdagger{}") && tex3.contains("\\textdagger{}} counted on the network"),
                tex3);
    }

    @Test
    void table2ShowsCountedFiguresAndTheCitedSenetRow() throws IOException {
        ImageNetTableReport table2 = ImageNetTableReport.of(ImageNetMetric.ACCURACY, Scale.QUICK, RESULTS,
                Map.of(PaperRowKey.parse("2/ImageNet-1k/NASNet-A/r"), new ModelFigures(88_900_000, 23_800_000_000L)));
        List<CSVRecord> rows = records(table2.csv());
        assertEquals(4, rows.size());
        assertEquals("cited", rows.get(0).get("reproduced_top1_acc_pct_mean"));
        assertFields(rows.get(3), Map.of("paper_top1_acc_pct", "83.0", "paper_top1_acc_pct_pm", "0.03",
                "reproduced_top1_acc_pct_mean", "81.00", "reproduced_top1_acc_pct_std", "1.41",
                "difference_top1_acc_pct", "-2.00", "reproduced_top5_acc_pct_mean", "95.50",
                "reproduced_top5_acc_pct_std", "0.71", "counted_params", "88900000", "counted_mult_adds",
                "23800000000"));
        String tex = table2.latex();
        assertColumnSpecMatchesCells(tex);
        assertTrue(tex.contains("SENet\\textsuperscript{a} & cited &  & 320x320 & 145.8M & 42.4B & 82.7 & 96.2"), tex);
        assertTrue(tex.contains(" & reproduced & 2 & -- & 88.9M & 23.8B & 81.00 $\\pm$ 1.41 & 95.50 $\\pm$ 0.71"), tex);
    }

    @Test
    void allTablesHaveOneRecordPerPaperRowAtEveryScale() throws IOException {
        for (Scale scale : Scale.values()) {
            for (TableReport table : TableReport.all(scale, RESULTS, Map.of())) {
                assertEquals(PaperRow.table(table.table()).stream().map(r -> r.key().toString()).toList(),
                        records(table.csv()).stream().map(r -> r.get("paper_row")).toList());
                assertColumnSpecMatchesCells(table.latex());
                assertTrue(table.latex().contains("\\texttt{" + scale.code() + "}"));
            }
        }
        List<CSVRecord> smoke = records(ErrorTableReport.of(4, Scale.SMOKE, RESULTS).csv());
        assertEquals("1", smoke.get(0).get("n"), "each scale reads its own runs only");
        assertEquals("missing", records(ErrorTableReport.of(4, Scale.PAPER, RESULTS).csv()).get(0)
                .get("reproduced_error_pct_mean"));
    }

    @Test
    void latexEscapesEverything() {
        assertEquals("a\\_b \\& 50\\% \\#1 \\$ \\{x\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{} "
                + "\\textless{}\\textgreater{} -{}- $\\pm$ $-$ $\\Delta$ --- e ?",
                LatexText.escape("a_b & 50% #1 $ {x} ~ ^ \\ <> -- ± − Δ — é ✓"));
    }
}
