package org.rtrain.datasets;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rtrain.datasets.fixtures.JazzerRun;

/**
 * Bounded coverage-guided fuzzing of the binary dataset readers ({@link DatasetFilesFuzzer}): every target
 * at once for {@code rtrain.fuzz.seconds} (default 10), each in a JVM of its own, instrumenting this
 * project and MFL (the MAT-file reader). A finding fails the test; its input is kept under
 * {@code target/fuzzing/} and, once fixed, belongs in
 * {@code src/test/resources/org/rtrain/datasets/DatasetFilesFuzzerInputs/<target>/} as a regression input.
 * A longer run: {@code mvn -o -pl datasets -am verify -Dit.test=FuzzingIT
 * -Dsurefire.failIfNoSpecifiedTests=false -Drtrain.fuzz.seconds=3600}.
 */
class FuzzingIT {

    private static final List<String> INSTRUMENTED = List.of("org.rtrain.**", "us.hebi.matlab.**");

    @Test
    void datasetReaders() throws Exception {
        JazzerRun.assertFindsNothing(DatasetFilesFuzzer.class, List.of("idxImages", "cifarBatch", "svhnMat"),
                INSTRUMENTED);
    }
}
