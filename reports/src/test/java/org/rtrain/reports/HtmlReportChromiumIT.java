package org.rtrain.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.reports.results.SyntheticResults;

/**
 * The HTML report renders in a real browser: headless Chromium (Debian package {@code chromium},
 * installed by .ci/run) loads the page from disk, with the network unused, and every table is in the
 * DOM and every plot has decoded. Fails, never skips, when Chromium is missing.
 */
class HtmlReportChromiumIT {

    /** Counts tables and images once the page has loaded, and writes them into the DOM for --dump-dom. */
    private static final String PROBE = """
            <script>
            window.addEventListener('load', function () {
              var images = document.images, decoded = 0, widths = [];
              for (var i = 0; i < images.length; i++) {
                if (images[i].complete && images[i].naturalWidth > 0) { decoded++; }
                widths.push(images[i].naturalWidth);
              }
              var marker = document.createElement('pre');
              marker.id = 'render-check';
              marker.textContent = 'tables=' + document.querySelectorAll('table.results').length
                  + ' images=' + images.length + ' decoded=' + decoded + ' widths=' + widths.join(',');
              document.body.appendChild(marker);
            });
            </script>
            """;

    @TempDir
    static Path dir;

    private static Path chromium;
    private static Path page;

    @BeforeAll
    static void writeReport() {
        chromium = Optional.of(Path.of("/usr/bin/chromium")).filter(Files::isExecutable)
                .orElseThrow(() -> new AssertionError("Chromium is not installed at /usr/bin/chromium: this test needs "
                        + "it (Debian: apt-get install chromium; CI's .ci/run installs it)."));
        WrittenReport written = ReportWriter.write(SyntheticResults.fixture(), Map.of(), dir.resolve("out"),
                Optional.empty());
        page = dir.resolve("out/report.html");
        assertTrue(written.files().contains(page));
    }

    private static String chromium(Path profile, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile));
        command.addAll(List.of(arguments));
        Path stdout = dir.resolve(profile.getFileName() + ".out");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(dir.resolve(profile.getFileName() + ".err").toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Chromium did not finish within 120 s: " + command);
        }
        assertEquals(0, process.exitValue(), "Chromium failed: "
                + Files.readString(dir.resolve(profile.getFileName() + ".err")));
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    @Test
    void everyTableIsInTheDomAndEveryPlotDecodes() throws Exception {
        Path probed = dir.resolve("probed.html");
        Files.writeString(probed, Files.readString(page).replace("</body>", PROBE + "</body>"));
        String dom = chromium(dir.resolve("profile-dom"), "--dump-dom", probed.toUri().toString());
        Matcher check = Pattern.compile("tables=(\\d+) images=(\\d+) decoded=(\\d+) widths=([\\d,]*)").matcher(dom);
        assertTrue(check.find(), "the probe did not run: " + dom.substring(0, Math.min(2000, dom.length())));
        assertEquals(13, Integer.parseInt(check.group(1)), "5 tables and the claims per scale, two scales, and the "
                + "quick scale's eps sweep");
        assertEquals(12, Integer.parseInt(check.group(2)), "10 quick plots and 2 smoke ones");
        assertEquals(check.group(2), check.group(3), "some plots did not decode: widths " + check.group(4));
        for (String width : check.group(4).split(",")) {
            assertEquals(SvgChartRenderer.WIDTH, Integer.parseInt(width));
        }
        assertTrue(dom.contains("R-LeNet") && dom.contains("supported") && dom.contains("contradicted"));
    }

    @Test
    void theScreenshotIsNotBlank() throws Exception {
        Path png = dir.resolve("report.png");
        chromium(dir.resolve("profile-shot"), "--hide-scrollbars", "--window-size=1280,2000",
                "--screenshot=" + png, page.toUri().toString());
        BufferedImage image = ImageIO.read(new File(png.toString()));
        assertEquals(1280, image.getWidth());
        Set<Integer> colours = new HashSet<>();
        int inked = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) {
                    inked++;
                }
            }
        }
        assertTrue(colours.size() > 20, "only " + colours.size() + " colours: blank page?");
        assertTrue(inked > image.getWidth() * image.getHeight() / 4 / 100, "under 1% of the page is drawn on");
    }
}
