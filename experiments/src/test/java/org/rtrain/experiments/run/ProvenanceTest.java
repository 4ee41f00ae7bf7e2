package org.rtrain.experiments.run;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rtrain.reports.results.RunProvenance;

class ProvenanceTest {

    @Test
    void theSourceRevisionIsTheOneTheBuildRecorded() {
        RunProvenance environment = Provenance.environment();
        assertTrue(environment.gitCommit().matches("[0-9a-f]{40}|unknown"), environment.gitCommit());
        assertTrue(environment.gitDirty().matches("true|false|unknown"), environment.gitDirty());
        assertTrue(environment.rtrainVersion().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), environment.rtrainVersion());
        assertTrue(environment.cpuCores() >= 1, environment.toString());
        assertNull(environment.spec(), "the run's own fields are the runner's");
    }
}
