package org.rtrain.reports.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rtrain.reports.paper.ImageNetMetric;
import org.rtrain.reports.results.PaperRowKey;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.results.SyntheticResults;

/**
 * Tables 2 and 3 from {@link SyntheticResults#fixture()} and two counted figures, byte for byte as
 * committed under {@code golden/} (CSV, LaTeX and HTML): what they print never changes unnoticed.
 */
class ImageNetTableGoldenTest {

    private static final Map<PaperRowKey, ModelFigures> FIGURES = Map.of(
            PaperRowKey.parse("2/ImageNet-1k/NASNet-A/r"), new ModelFigures(88_900_000, 23_800_000_000L),
            PaperRowKey.parse("3/ImageNet-1k/CondenseNet (G=C=4)/base"), new ModelFigures(4_800_000, 529_000_000));

    @Test
    void tables2And3PrintExactlyTheCommittedFiles() throws IOException {
        for (ImageNetMetric metric : ImageNetMetric.values()) {
            TableReport table = ImageNetTableReport.of(metric, Scale.QUICK, SyntheticResults.fixture(), FIGURES);
            String name = "golden/table" + table.table() + "-quick";
            assertEquals(golden(name + ".csv"), table.csv(), name + ".csv");
            assertEquals(golden(name + ".tex"), table.latex(), name + ".tex");
            assertEquals(golden(name + ".html"), table.html(), name + ".html");
        }
    }

    private static String golden(String resource) throws IOException {
        try (InputStream in = ImageNetTableGoldenTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource org/rtrain/reports/tables/" + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
