package org.rtrain.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.reports.results.PaperRowKey;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.results.SyntheticResults;
import org.rtrain.reports.tables.ModelFigures;

class ReportWriterTest {

    @TempDir
    Path out;

    @Test
    void writesEveryArtefactOfEveryScaleAtomically() throws Exception {
        WrittenReport written = ReportWriter.write(SyntheticResults.fixture(),
                Map.of(PaperRowKey.parse("2/ImageNet-1k/NASNet-A/r"), new ModelFigures(88_900_000, 23_800_000_000L)),
                out,
                Optional.empty());
        List<Path> expected = new ArrayList<>();
        for (String scale : List.of("smoke", "quick")) {
            for (int table = 1; table <= 5; table++) {
                expected.add(out.resolve("tables/" + scale + "/table" + table + ".csv"));
                expected.add(out.resolve("tables/" + scale + "/table" + table + ".tex"));
            }
            expected.add(out.resolve("claims/" + scale + "/claims.csv"));
            expected.add(out.resolve("claims/" + scale + "/claims.tex"));
            expected.add(out.resolve("claims/" + scale + "/claims.txt"));
            expected.add(out.resolve("claims/" + scale + "/sweep.csv"));
            expected.add(out.resolve("claims/" + scale + "/sweep.txt"));
            List<String> blocks = scale.equals("smoke") ? List.of("mnist-lenet")
                    : List.of("imagenet-1k-condensenet-g-c-8", "imagenet-1k-nasnet-a", "mnist-lenet", "mnist-capsnet");
            blocks.forEach(b -> expected.add(out.resolve("claims/" + scale + "/answer-" + b + ".md")));
        }
        expected.add(out.resolve("report.html"));
        assertEquals(expected, written.files(), "smoke before quick; no PDF without pdflatex");
        for (Path file : expected) {
            assertTrue(Files.size(file) > 0, file + " is empty");
        }
        try (Stream<Path> files = Files.walk(out)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".tmp")), "temporary files left behind");
        }
        assertEquals(List.of(Scale.SMOKE, Scale.QUICK), written.scales().stream().map(ScaleReport::scale).toList());
        assertTrue(written.notices().stream().anyMatch(n -> n.startsWith("pdflatex is not on the PATH")
                && n.contains("tables/quick/tables.pdf")), written.notices().toString());

        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<section id=\"scale-smoke\">") && html.contains("<section id=\"scale-quick\">"));
        assertEquals(13, html.split("<table class=\"results\"", -1).length - 1,
                "5 tables and the claims per scale, and the quick scale's eps sweep");
        assertEquals(12, html.split("<img ", -1).length - 1, "10 quick plots and 2 smoke ones");
        assertEquals(12, html.split("src=\"data:image/svg\\+xml;base64,", -1).length - 1);
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script")
                || html.contains("<link"), "self-contained: no external resource, no script");
        assertTrue(html.contains("<td class=\"num\">88.9M</td>"), "counted figures in Table 2");
        assertTrue(Files.readString(out.resolve("claims/quick/claims.txt")).contains("supported"));
    }

    @Test
    void namesWhatItIgnoresAndWritesNothingWithoutResults() {
        List<RunResult> results = new ArrayList<>(SyntheticResults.fixture());
        results.add(SyntheticResults.completed("4/MNIST/LeNet5/r", "quick", 0, 0.9, null, Map.of(), List.of(), 0.1,
                false));
        WrittenReport written = ReportWriter.write(results,
                Map.of(PaperRowKey.parse("2/ImageNet/NASNet-A/r"), new ModelFigures(1, 1)), out, Optional.empty());
        assertTrue(written.notices().stream().anyMatch(n -> n.contains("'4/MNIST/LeNet5/r' matches no row")),
                written.notices().toString());
        assertTrue(written.notices().stream().anyMatch(n -> n.contains("figures for '2/ImageNet/NASNet-A/r'")),
                written.notices().toString());

        WrittenReport none = ReportWriter.write(List.of(), Map.of(), out.resolve("empty"), Optional.empty());
        assertEquals(List.of(), none.files());
        assertEquals(List.of("no saved results: nothing to report"), none.notices());
        assertFalse(Files.exists(out.resolve("empty")));
    }

    @Test
    void ordersScalesSmokeQuickPaper() {
        List<RunResult> results = new ArrayList<>();
        for (String scale : List.of("paper", "quick", "paper", "smoke")) {
            results.add(SyntheticResults.completed("4/MNIST/LeNet/base", scale, 0, 0.9, null, Map.of(), List.of(),
                    null, false));
        }
        assertEquals(List.of(Scale.SMOKE, Scale.QUICK, Scale.PAPER), ReportWriter.scales(results));
    }
}
