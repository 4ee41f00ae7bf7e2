package org.rtrain.perturb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ChainedDropoutTest {

    @Test
    void appliesBothAndBackpropagatesThroughBoth() {
        Nd4j.getRandom().setSeed(5);
        ChainedDropout chained = new ChainedDropout(new SignPerturbation(0.2), new Dropout(0.5));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 50, 40).addi(0.1);
        INDArray before = x.dup();
        INDArray out = chained.applyDropout(x, null, 0, 0, LayerWorkspaceMgr.noWorkspaces());
        assertEquals(before, x, "input was mutated");
        INDArray mask = out.div(x);
        int dropped = 0;
        for (double v : mask.ravel().toDoubleVector()) {
            // Inverted dropout with retain probability 0.5 scales kept values by 2.
            boolean ok = v == 0.0 || Math.abs(v - 2 * 1.2) < 1e-9 || Math.abs(v - 2 * 0.8) < 1e-9;
            assertTrue(ok, "combined multiplier " + v);
            dropped += v == 0.0 ? 1 : 0;
        }
        assertTrue(dropped > 0 && dropped < 2000, "dropout did not act");
        INDArray grad = Nd4j.rand(DataType.DOUBLE, 50, 40);
        INDArray back = chained.backprop(grad.dup(), null, 0, 0);
        assertTrue(back.equalsWithEps(grad.mul(mask), 1e-9));
    }

    @Test
    void cloneIsDeepAndEqual() {
        ChainedDropout chained = new ChainedDropout(new SignPerturbation(0.2), new Dropout(0.7));
        IDropout copy = chained.clone();
        assertEquals(chained, copy);
        assertTrue(copy != chained && ((ChainedDropout) copy).first() != chained.first());
    }
}
