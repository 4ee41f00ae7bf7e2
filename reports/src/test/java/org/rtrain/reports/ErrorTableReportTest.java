package org.rtrain.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorTableReportTest {

    @TempDir
    Path dir;

    private static RunResult result(String variant, int seedIndex, double errorPct) {
        return new RunResult(RunResult.SCHEMA_VERSION, "table4-mnist-lenet-" + variant, "4/MNIST/LeNet/" + variant,
                false, 4, "MNIST", "LeNet", variant, "quick", variant.equals("r") ? 0.1 : null, "Fashion-MNIST",
                "abc+def", true, seedIndex, 100 + seedIndex, RunStatus.COMPLETED, null, 2, 60000, 12.5, 1000,
                431_080, 2_293_000, new Accuracy(10_000, 1 - errorPct / 100, null), Map.of(), List.of(),
                List.of(new EpochRecord(1, 0.5, null, 6.0)), Map.of("git.commit", "deadbeef"));
    }

    @Test
    void storeRoundTripsResultsAndReportShowsMeanStdAndMissingRows() throws Exception {
        ResultStore store = new ResultStore(dir.resolve("runs"));
        store.write(result("base", 0, 9.0));
        store.write(result("base", 1, 11.0));
        store.write(result("r", 0, 8.5));
        List<RunResult> results = store.readAll();
        assertEquals(3, results.size());
        assertEquals(result("base", 1, 11.0), store.find("quick", "table4-mnist-lenet-base", 1).orElseThrow());

        ErrorTableReport report = ErrorTableReport.of(4, "quick", results);
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(report.csv())).getRecords();
        assertEquals(12, rows.size(), "every row of the paper's Table 4");
        CSVRecord base = rows.get(0);
        assertEquals("LeNet", base.get("model"));
        assertEquals("0.50", base.get("paper_error_pct"));
        assertEquals("10.00", base.get("reproduced_error_pct_mean"));
        assertEquals("1.41", base.get("reproduced_error_pct_std"));
        assertEquals("2", base.get("n"));
        assertEquals("+9.50", base.get("difference_pct"));
        assertEquals("Fashion-MNIST", base.get("dataset_used"));
        CSVRecord fgsm = rows.get(1);
        assertEquals("missing", fgsm.get("reproduced_error_pct_mean"));
        assertEquals("0", fgsm.get("n"));
        assertEquals("", rows.get(2).get("reproduced_error_pct_std"), "one seed has no standard deviation");

        String tex = report.latex();
        assertTrue(tex.contains("\\toprule") && tex.contains("\\bottomrule") && tex.contains("\\midrule"), tex);
        assertTrue(tex.contains("LeNet & -- & -- & yes & no & no & 0.50 & 10.00 $\\pm$ 1.41 & 2 & $+9.50$ & Fashion-MNIST"),
                tex);
        assertTrue(tex.contains("FGSM-LeNet & -- & -- & yes & no & no & 0.60 & --- & 0"), tex);
        assertTrue(tex.contains("\\texttt{quick}"), tex);
        String spec = tex.substring(tex.indexOf("\\begin{tabular}{") + 16, tex.indexOf("}", tex.indexOf("\\begin{tabular}{") + 16));
        long cells = tex.lines().filter(l -> l.startsWith("LeNet &")).findFirst().orElseThrow().chars()
                .filter(c -> c == '&').count() + 1;
        assertEquals(cells, spec.length(), "column specification does not match the cells of a row");

        List<Path> files = report.writeTo(dir.resolve("tables"));
        assertEquals(List.of(dir.resolve("tables/table4.csv"), dir.resolve("tables/table4.tex")), files);
    }

    @Test
    void escapesLatexSpecials() {
        assertEquals("a\\_b \\& 50\\% \\#1", ErrorTableReport.escape("a_b & 50% #1"));
    }
}
