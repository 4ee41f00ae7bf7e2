package org.rtrain.reports.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.perturb.io.FaultInjection;

/** A result write that fails (full disk) or is cut short (crash) never leaves a result that is read. */
class ResultStoreFaultTest {

    @TempDir
    Path dir;

    @AfterEach
    void clearInjection() {
        System.clearProperty(FaultInjection.FAIL_PROPERTY);
        System.clearProperty(FaultInjection.CRASH_PROPERTY);
    }

    private static RunResult result(double accuracy) {
        return SyntheticResults.completed("4/MNIST/LeNet/r", "smoke", 0, accuracy, null, Map.of(), List.of(), 0.1,
                false);
    }

    @Test
    void aFullDiskAtEveryStepLeavesThePreviousResultAndNoTemporaryFile() throws IOException {
        ResultStore store = new ResultStore(dir);
        RunResult before = result(0.9);
        Path file = store.write(before);
        for (String point : List.of("result-temp-written", "result-temp-synced")) {
            System.setProperty(FaultInjection.FAIL_PROPERTY, point);
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> store.write(result(0.5)));
            assertTrue(e.getMessage().contains("Cannot write result " + file)
                    && e.getMessage().contains("No space left on device"), e.getMessage());
            assertEquals(List.of(ResultStore.RESULT_FILE), names(file.getParent()), "temporary file left at " + point);
            assertEquals(List.of(before), store.readAll());
        }
    }

    @Test
    void onlyThePointAndOccurrenceNamedFire() {
        ResultStore store = new ResultStore(dir);
        System.setProperty(FaultInjection.FAIL_PROPERTY, "result-temp-written:3, checkpoint-model-written");
        store.write(result(0.7));
        assertEquals(List.of(result(0.7)), store.readAll());
        System.setProperty(FaultInjection.FAIL_PROPERTY, "checkpoint-model-written, result-temp-written:0");
        assertThrows(UncheckedIOException.class, () -> store.write(result(0.6)));
        assertEquals(List.of(result(0.7)), store.readAll());
    }

    @Test
    void temporaryFilesLeftByACrashAreNeverReadAsResults() throws IOException {
        ResultStore store = new ResultStore(dir);
        Path file = store.write(result(0.8));
        Files.writeString(file.resolveSibling(ResultStore.RESULT_FILE + "4711.tmp"), "{\"schemaVersion\":2,\"specId\":");
        assertEquals(List.of(result(0.8)), store.readAll());
    }

    @Test
    void aResultFileHoldingJsonNullIsRefusedNamingIt() throws IOException {
        ResultStore store = new ResultStore(dir);
        Path file = store.write(result(0.8));
        Files.writeString(file, "null");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, store::readAll);
        assertTrue(e.getMessage().contains("Result file " + file + " is not a valid run result: it holds JSON null"),
                e.getMessage());
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
