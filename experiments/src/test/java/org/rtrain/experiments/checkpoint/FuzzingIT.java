package org.rtrain.experiments.checkpoint;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rtrain.datasets.fixtures.JazzerRun;

/**
 * Bounded coverage-guided fuzzing of the checkpoint loader ({@link CheckpointLoaderFuzzer}): every target
 * at once for {@code rtrain.fuzz.seconds} (default 10), each in a JVM of its own, instrumenting this
 * project, DL4J's model reader and the JSON parser. A finding fails the test; its input is kept under
 * {@code target/fuzzing/} and, once fixed, belongs in
 * {@code src/test/resources/org/rtrain/experiments/checkpoint/CheckpointLoaderFuzzerInputs/<target>/} as a
 * regression input. A longer run: {@code mvn -o -pl experiments -am verify -Dit.test=FuzzingIT
 * -Dsurefire.failIfNoSpecifiedTests=false -Drtrain.fuzz.seconds=3600}.
 */
class FuzzingIT {

    private static final List<String> INSTRUMENTED = List.of("org.rtrain.**", "org.deeplearning4j.util.**",
            "org.nd4j.shade.jackson.core.**");

    @Test
    void checkpointLoader() throws Exception {
        JazzerRun.assertFindsNothing(CheckpointLoaderFuzzer.class, List.of("modelFile", "stateFile"), INSTRUMENTED);
    }
}
