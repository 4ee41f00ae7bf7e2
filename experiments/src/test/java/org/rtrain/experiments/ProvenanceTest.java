package org.rtrain.experiments;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ProvenanceTest {

    @Test
    void theSourceRevisionIsTheOneTheBuildRecorded() {
        Map<String, String> environment = Provenance.environment();
        String commit = environment.get("git.commit");
        assertTrue(commit.matches("[0-9a-f]{40}|unknown"), "git.commit " + commit);
        String dirty = environment.get("git.dirty");
        assertTrue(dirty.matches("true|false|unknown"), "git.dirty " + dirty);
        assertTrue(environment.get("rtrain.version").matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"),
                environment.get("rtrain.version"));
    }
}
