package org.rtrain.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.reports.render.PdfLatex;
import org.rtrain.reports.results.PaperRowKey;
import org.rtrain.reports.results.RunProvenance;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.RunStatus;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.results.SyntheticResults;
import org.rtrain.reports.tables.ModelFigures;

/**
 * Every LaTeX table this module writes compiles with pdflatex. Needs pdflatex (Debian:
 * texlive-latex-base, texlive-latex-recommended; .ci/run installs them) and fails without it.
 */
class LatexCompileIT {

    private static final String WEIRD = "set_1 & 100% #2 $x$ {y} ~ ^ \\ -- é ✓ <b>";

    @TempDir
    Path dir;

    private static PdfLatex pdflatex() {
        return PdfLatex.onPath().orElseThrow(() -> new AssertionError("pdflatex is not on the PATH. Install it "
                + "(Debian: apt-get install texlive-latex-base texlive-latex-recommended texlive-fonts-recommended); "
                + "CI's .ci/run does."));
    }

    private static void assertPdf(Path pdf) throws Exception {
        byte[] head = Arrays.copyOf(Files.readAllBytes(pdf), 5);
        assertEquals("%PDF-", new String(head, StandardCharsets.US_ASCII), pdf + " is not a PDF");
    }

    /** The fixture plus a run whose dataset name holds every character LaTeX treats specially. */
    private static List<RunResult> results() {
        List<RunResult> results = new ArrayList<>(SyntheticResults.fixture());
        RunResult weird = SyntheticResults.completed("5/CIFAR-10/Wide ResNet/base", "quick", 0, 0.9, null, Map.of(),
                List.of(), null, false);
        results.add(new RunResult(weird.specId(), weird.paperRow(), false, weird.scale(), null, WEIRD, "md5", true, 0,
                1, RunStatus.COMPLETED, null, 1, 1, 1, 1, 1, 1, weird.clean(), Map.of(), List.of(), List.of(),
                RunProvenance.none()));
        return results;
    }

    @Test
    void eachTableAndTheClaimsCompileInASmallDocument() throws Exception {
        PdfLatex pdflatex = pdflatex();
        ScaleReport quick = ScaleReport.of(Scale.QUICK, results(),
                Map.of(PaperRowKey.parse("2/ImageNet-1k/NASNet-A/r"), new ModelFigures(88_900_000, 23_800_000_000L)));
        List<String> fragments = new ArrayList<>();
        quick.tables().forEach(t -> fragments.add(t.latex()));
        fragments.add(quick.claims().latex());
        assertTrue(fragments.get(4).contains("set\\_1 \\& 100\\% \\#2 \\$x\\$ \\{y\\}"), fragments.get(4));
        for (int i = 0; i < fragments.size(); i++) {
            Path pdf = dir.resolve("fragment" + i + ".pdf");
            pdflatex.compile(PdfLatex.document("Fragment " + i + ": " + WEIRD, List.of(fragments.get(i))), pdf);
            assertPdf(pdf);
        }
    }

    @Test
    void aBrokenDocumentFailsWithLatexsMessage() {
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> pdflatex()
                .compile(PdfLatex.document("broken", List.of("\\undefinedmacro")), dir.resolve("broken.pdf")));
        assertTrue(failure.getMessage().contains("Undefined control sequence"), failure.getMessage());
        assertTrue(Files.notExists(dir.resolve("broken.pdf")));
    }

    @Test
    void reportWriterWritesOnePdfPerScale() throws Exception {
        WrittenReport written = ReportWriter.write(results(), Map.of(), dir, Optional.of(pdflatex()));
        for (String scale : List.of("smoke", "quick")) {
            Path pdf = dir.resolve("tables/" + scale + "/tables.pdf");
            assertTrue(written.files().contains(pdf), written.files().toString());
            assertPdf(pdf);
        }
        assertTrue(written.notices().stream().noneMatch(n -> n.contains("pdflatex")), written.notices().toString());
    }
}
