package org.rtrain.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.experiments.spec.SpecCatalog;
import org.rtrain.reports.results.Scale;

class SpecCostTest {

    private final List<ExperimentSpec> lenet = SpecCatalog.lenet(Scale.PAPER);

    @Test
    void countsLeNetsForwardPassAndEveryTrainingStepOfEverySeed() {
        ExperimentSpec base = lenet.get(0);
        SpecCost cost = SpecCost.of(base);
        // conv 20 5x5 on 24x24, conv 50 5x5x20 on 8x8, dense 800x500 and 500x10.
        long forward = 25L * 20 * 24 * 24 + 25L * 20 * 50 * 8 * 8 + 800L * 500 + 500L * 10;
        assertEquals(forward, cost.forwardMultiplyAdds());
        double training = forward * 3.0 * 64 * base.training().totalSteps(938);
        assertTrue(cost.multiplyAdds() > training * base.seeds(), "training alone is a lower bound");
    }

    @Test
    void fgsmTrainingAddsASecondTrainingPassThePerturbationNothing() {
        ExperimentSpec base = lenet.get(0);
        SpecCost baseCost = SpecCost.of(base);
        // Caffe's 10,000 steps of 64 images: a little under 11 epochs of 60,000.
        double examples = base.training().totalSteps(938) * 64.0 * base.seeds();
        double extra = SpecCost.of(lenet.get(1).withSeeds(base.seeds())).multiplyAdds() - baseCost.multiplyAdds();
        // The attack's gradient comes from the clean training pass: only the adversarial pass is added.
        assertEquals(3 * baseCost.forwardMultiplyAdds() * examples, extra, 1e-6 * extra);
        assertEquals(baseCost.multiplyAdds(), SpecCost.of(lenet.get(2)).multiplyAdds());
    }

    @Test
    void describesTheWorkAndItsTimeOnTheseCores() {
        assertEquals("9.6e+12 MAC ~ 8 min on 2 cores", SpecCost.describe(2e10 * 480, 2));
        assertEquals("< 1 min", SpecCost.duration(59));
        assertEquals("3 h", SpecCost.duration(3 * 3600));
        assertEquals("3 days", SpecCost.duration(3 * 86_400));
        assertEquals("4 years", SpecCost.duration(4 * 365 * 86_400.0));
    }

    @Test
    void refusesCitedRows() {
        ExperimentSpec cited = SpecCatalog.all(Scale.QUICK).stream().filter(ExperimentSpec::cited).findFirst()
                .orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> SpecCost.of(cited));
    }
}
