package org.rtrain.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtrain.datasets.fixtures.JazzerRun;

/**
 * Bounded coverage-guided fuzzing of the binary dataset readers ({@link DatasetFilesFuzzer}): each target
 * for {@code rtrain.fuzz.seconds} (default 10) in a JVM of its own, instrumenting this project, MFL (the
 * MAT-file reader) and Commons Compress. A finding fails the test; its input is kept under
 * {@code target/fuzzing/} and, once fixed, belongs in
 * {@code src/test/resources/org/rtrain/datasets/DatasetFilesFuzzerInputs/<target>/} as a regression input.
 * A longer run: {@code mvn -o -pl datasets -am verify -Dit.test=FuzzingIT -Dsurefire.failIfNoSpecifiedTests=false
 * -Drtrain.fuzz.seconds=3600}.
 */
class FuzzingIT {

    private static final List<String> INSTRUMENTED = List.of("org.rtrain.**", "us.hebi.matlab.**");

    @ParameterizedTest
    @ValueSource(strings = {"idxImages", "cifarBatch", "svhnMat"})
    void datasetReaders(String target) throws Exception {
        JazzerRun run = JazzerRun.fuzz(DatasetFilesFuzzer.class, target, Integer.getInteger("rtrain.fuzz.seconds", 10),
                20, INSTRUMENTED, 1024, Path.of("target", "fuzzing"));
        System.out.println(run.summary());
        assertEquals(List.of(), run.findings(), run.logTail(60));
        assertEquals(0, run.exitCode(), run.logTail(60));
        assertTrue(run.executions() > 0, "nothing was run:\n" + run.logTail(60));
    }
}
