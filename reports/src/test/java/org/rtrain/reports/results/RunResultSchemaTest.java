package org.rtrain.reports.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.reports.claims.ReadmeAnswerTest;

/**
 * Schema 3 reads the schema-2 files committed under {@code results/} as they are, and writes them back
 * differing only in the version number; it refuses what its types rule out.
 */
class RunResultSchemaTest {

    private static final Path RESULTS = ReadmeAnswerTest.repositoryRoot().resolve("results");
    private static final Path FGSM_SEED_0 = RESULTS.resolve("paper/t4-mnist-lenet-fgsm/seed-0/result.json");

    @TempDir
    Path dir;

    @Test
    void aCommittedSchema2ResultLoadsTyped() throws IOException {
        assertTrue(Files.readString(FGSM_SEED_0).contains("\"schemaVersion\" : 2,"), "a schema-2 file");
        RunResult r = new ResultStore(RESULTS).find(Scale.PAPER, "t4-mnist-lenet-fgsm", 0).orElseThrow();
        assertEquals(new PaperRowKey(4, "MNIST", "LeNet", Variant.FGSM), r.paperRow());
        assertEquals(Scale.PAPER, r.scale());
        assertEquals(Variant.FGSM, r.variant());
        assertEquals(4, r.table());
        assertEquals("Fashion-MNIST", r.datasetUsed());
        assertEquals(0.8165, r.clean().top1());
        assertEquals(9, r.attacks().size());
        RunProvenance p = r.provenance();
        assertEquals("f332d7eb78a4c2768075f724f2ee5c48199f9a97", p.gitCommit());
        assertEquals("false", p.gitDirty());
        assertEquals(2, p.cpuCores());
        assertEquals(r.seed(), p.seed());
        assertEquals(true, p.nativeFastPath());
        assertEquals("1", p.ompNumThreads());
        assertEquals("/usr/share/datasets/fashion-mnist", p.datasetLocation());
        assertTrue(p.spec().startsWith("{\"id\":\"t4-mnist-lenet-fgsm\","), p.spec());
    }

    @Test
    void everyCommittedResultIsWrittenBackAsItWasButForTheSchemaVersion() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(RESULTS)) {
            files = walk.filter(f -> f.getFileName().toString().equals(ResultStore.RESULT_FILE)).sorted().toList();
        }
        List<RunResult> results = new ResultStore(RESULTS).readAll();
        assertEquals(files.size(), results.size());
        assertTrue(files.size() >= 21, files.toString());
        ResultStore copy = new ResultStore(dir);
        for (RunResult r : results) {
            Path written = copy.write(r);
            Path original = RESULTS.resolve(dir.relativize(written));
            assertEquals(Files.readString(original).replace("\"schemaVersion\" : 2,", "\"schemaVersion\" : 3,"),
                    Files.readString(written), original.toString());
        }
        assertEquals(results, copy.readAll(), "schema 3 reads back what it wrote");
    }

    @Test
    void schema2ProvenanceKeysThatSchema3DoesNotNameAreDroppedAndMissingOnesAreNull() throws IOException {
        Path file = copyOfCommitted();
        Files.writeString(file, Files.readString(file)
                .replace("\"cpu.cores\" : \"2\",", "\"native.helpers\" : \"true\", \"dataset.directory\" : \"/data\",")
                .replace("\"seed\" : \"", "\"x\" : \""));
        RunResult r = new ResultStore(dir).readAll().get(0);
        assertNull(r.provenance().cpuCores());
        assertNull(r.provenance().seed());
        assertEquals("f332d7eb78a4c2768075f724f2ee5c48199f9a97", r.provenance().gitCommit());
    }

    @Test
    void refusesWhatTheTypesRuleOutNamingTheFile() throws IOException {
        Path file = copyOfCommitted();
        String original = Files.readString(file);
        assertRefused(file, original.replace("\"scale\" : \"paper\"", "\"scale\" : \"../quick\""), "'../quick'");
        assertRefused(file, original.replace("\"variant\" : \"fgsm\"", "\"variant\" : \"r\""),
                "do not match its paper row '4/MNIST/LeNet/fgsm'");
        assertRefused(file, original.replace("\"paperRow\" : \"4/MNIST/LeNet/fgsm\"", "\"paperRow\" : \"4/MNIST\""),
                "'4/MNIST' is not a paper row key");
        assertRefused(file, original.replace("\"schemaVersion\" : 2", "\"schemaVersion\" : 4"),
                "has schema version 4; this version of rtrain reads versions 2 to 3");
        assertRefused(file, original.replace("\"schemaVersion\" : 2", "\"schemaVersion\" : 1"),
                "has schema version 1");
        assertRefused(file, original.replace("\"schemaVersion\" : 2", "\"schemaVersion\" : 3")
                .replace("\"cpu.cores\" : \"2\",", "\"cpu.threads\" : \"2\","), "cpu.threads");
        Files.writeString(file, original.replace("\"schemaVersion\" : 2", "\"schemaVersion\" : 3"));
        assertEquals(Scale.PAPER, new ResultStore(dir).readAll().get(0).scale(), "the same file as schema 3");
    }

    @Test
    void provenanceForARunCompletesTheEnvironment() {
        RunProvenance environment = new RunProvenance(2, "cpu", null, "1.0.0-M2.1", "1", "unset", "abc", "false",
                "vendor", "17", null, "CPU", "OPENBLAS", "Linux", "0.1.0", null, null);
        RunProvenance run = environment.forRun("{}", 42, "/data", true);
        assertEquals(new RunProvenance(2, "cpu", "/data", "1.0.0-M2.1", "1", "unset", "abc", "false", "vendor", "17",
                true, "CPU", "OPENBLAS", "Linux", "0.1.0", 42L, "{}"), run);
        assertFalse(RunProvenance.none().equals(run));
    }

    private Path copyOfCommitted() throws IOException {
        Path file = dir.resolve("paper/t4-mnist-lenet-fgsm/seed-0/result.json");
        Files.createDirectories(file.getParent());
        return Files.copy(FGSM_SEED_0, file);
    }

    private void assertRefused(Path file, String json, String fragment) throws IOException {
        Files.writeString(file, json);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new ResultStore(dir).readAll());
        assertTrue(e.getMessage().contains("Result file " + file + " is not a valid run result")
                && e.getMessage().contains(fragment), e.getMessage());
    }
}
