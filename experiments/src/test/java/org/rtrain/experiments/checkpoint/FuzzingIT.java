package org.rtrain.experiments.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
        List<JazzerRun> runs = JazzerRun.fuzz(CheckpointLoaderFuzzer.class, List.of("modelFile", "stateFile"),
                Integer.getInteger("rtrain.fuzz.seconds", 10), 20, INSTRUMENTED, 1024, Path.of("target", "fuzzing"));
        runs.forEach(run -> System.out.println(run.summary()));
        for (JazzerRun run : runs) {
            assertEquals(List.of(), run.findings(), run.target() + "\n" + run.logTail(60));
            assertEquals(0, run.exitCode(), run.target() + "\n" + run.logTail(60));
            assertTrue(run.executions() > 0, run.target() + " ran nothing:\n" + run.logTail(60));
        }
    }
}
