package org.rtrain.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.datasets.DataRoot;
import org.rtrain.datasets.Verification;
import org.rtrain.datasets.fixtures.IdxFixtures;
import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.experiments.spec.SpecCatalog;
import org.rtrain.reports.results.Scale;

class DataSelectionTest {

    @TempDir
    Path dir;

    @Test
    void quickScalePrefersMnistAndFallsBackToFashionMnistVerified() throws Exception {
        DataRoot root = new DataRoot(dir, "test");
        ExperimentSpec quick = SpecCatalog.lenet(Scale.QUICK).get(0);
        IdxFixtures.writeMnistLike(dir.resolve("fashion-mnist"), 4, 4, 1, true);
        DataSelection fashion = DataSelection.forSpec(quick, root);
        assertEquals("Fashion-MNIST", fashion.name());
        assertEquals(Verification.PUBLISHED, fashion.verification());
        IdxFixtures.writeMnistLike(dir.resolve("mnist"), 4, 4, 1, true);
        assertEquals("MNIST", DataSelection.forSpec(quick, root).name());
        DataSelection smoke = DataSelection.forSpec(SpecCatalog.lenet(Scale.SMOKE).get(0), root);
        assertEquals(Verification.STRUCTURE_ONLY, smoke.verification());
    }
}
