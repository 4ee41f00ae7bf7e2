package org.rtrain.perturb.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void writeReplacesTheTargetCreatingItsDirectoryAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("a/b/result.json");
        assertEquals(target, AtomicFile.write(target, "first"));
        assertEquals(target, AtomicFile.write(target, "second é"));
        assertEquals("second é", Files.readString(target));
        assertEquals(List.of("result.json"), names(target.getParent()));
    }

    @Test
    void anUncommittedFileLeavesTheTargetAsItWasAndDeletesItsTemporaryFile() throws IOException {
        Path target = dir.resolve("result.json");
        AtomicFile.write(target, "old");
        try (AtomicFile file = AtomicFile.create(target)) {
            assertEquals(dir, file.temporary().getParent());
            assertTrue(file.temporary().getFileName().toString().matches("result\\.json\\d+\\.tmp"),
                    file.temporary().toString());
            Files.writeString(file.temporary(), "half-writ");
            file.sync();
        }
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("result.json"), names(dir));
    }

    @Test
    void aNamedTemporaryFileIsTheTargetsNameWithTheSuffixAndIsNotCreatedInAdvance() throws IOException {
        Path target = dir.resolve("model-2.zip");
        try (AtomicFile file = AtomicFile.create(target, ".tmp")) {
            assertEquals(dir.resolve("model-2.zip.tmp"), file.temporary());
            assertFalse(Files.exists(file.temporary()));
            Files.writeString(file.temporary(), "model");
            assertEquals(target, file.commit());
        }
        assertEquals("model", Files.readString(target));
        assertEquals(List.of("model-2.zip"), names(dir));
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("table.csv");
        Files.createDirectory(dir.resolve("table.csv.part"));
        try (AtomicFile file = AtomicFile.create(target, ".part")) {
            assertThrows(IOException.class, () -> Files.writeString(file.temporary(), "x"));
        }
        assertFalse(Files.exists(target));
    }

    @Test
    void moveIntoPlaceKeepsNothingButTheTarget() throws IOException {
        Path partial = dir.resolve("file.bin.part");
        Files.writeString(partial, "payload");
        AtomicFile.moveIntoPlace(partial, dir.resolve("file.bin"));
        assertEquals(List.of("file.bin"), names(dir));
        assertEquals("payload", Files.readString(dir.resolve("file.bin")));
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
