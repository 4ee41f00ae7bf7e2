package org.rtrain.models.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rtrain.perturb.ChainedDropout;
import org.rtrain.perturb.PerturbationPlacement;
import org.rtrain.perturb.SignPerturbation;
import org.rtrain.perturb.backend.NativeFastPath;

/**
 * R-LeNet's draws are frozen: long runs were trained with them, so every multiplier of the first
 * training steps must stay bit for bit what it was when those runs started (values recorded with
 * the code of commit f332d7e). The multipliers are exact functions of the network seed, so the
 * recorded digests hold on any CPU.
 */
class LeNetDrawsTest {

    /** Shape and SHA-256 of each perturbed layer's multipliers (row-major FLOAT bytes), per step and layer. */
    private static final List<String> MULTIPLIER_DIGESTS = List.of(
            "step 0 layer 0 [16, 28, 28, 1] d60b2f17048e93f2ff1968ad753d14c7c59f67e3d7d9d6db506351af4b4b888f",
            "step 0 layer 2 [16, 12, 12, 20] d10071b2ca2c286081313b58cd3a85a6602f8a2fd08c41015d08ebe74dde2a13",
            "step 0 layer 4 [16, 800] 085900e7931673419ffdf76e7c9edbea99d03becd2e0b4e4a04a290f779fb894",
            "step 0 layer 5 [16, 500] c867659ee94b3fce600e3dfe1911e56114acb619eb22124f44511bb0109199c6",
            "step 1 layer 0 [16, 28, 28, 1] 86d8fea6e0484617a44a0ef1df61c1c58324d94cd2c219f41c6cc4105ea0178a",
            "step 1 layer 2 [16, 12, 12, 20] fa4b98786af2ec2e177f58c53ef913520359027710958a39866c3fc1d680d1da",
            "step 1 layer 4 [16, 800] 7b51d5b5e364cbb11484a524e39be9406a799a9c39cb5b90fcf402700c8bc442",
            "step 1 layer 5 [16, 500] 7d4f7df0663a2fc83997dc777d0111961eebe6ed23711e38fed6887ae0949547");
    /** SHA-256 of the first step's perturbed network input (the pixels times their multipliers, exact). */
    private static final String PERTURBED_INPUT_DIGEST =
            "454e64c27666a7fa939e50bfee91950e187049935c101774878329ba78c7fd84";

    @Test
    void rLeNetMultipliersAreThoseItWasTrainedWith() {
        List<Recorded> recorded = new ArrayList<>();
        MultiLayerConfiguration conf = LeNet.configuration(LeNetArchitecture.paper(), LeNet.mnistSettings(
                new PerturbationSettings(0.1, 0.5, PerturbationPlacement.inputAndAllHidden()), 20180701L));
        for (int i = 0; i < conf.getConfs().size(); i++) {
            Layer layer = conf.getConf(i).getLayer();
            layer.setIDropout(recording(layer.getIDropout(), i, recorded));
        }
        NativeFastPath.enable();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        INDArray features = pixels(16);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 16, 10);
        for (int i = 0; i < 16; i++) {
            labels.putScalar(i, i % 10, 1f);
        }
        List<String> digests = new ArrayList<>();
        for (int step = 0; step < 2; step++) {
            recorded.clear();
            network.fit(features, labels);
            for (Recorded r : recorded) {
                digests.add("step " + step + " layer " + r.layer() + " " + Arrays.toString(r.multiplier().shape())
                        + " " + digest(r.multiplier()));
            }
            if (step == 0) {
                assertEquals(PERTURBED_INPUT_DIGEST, digest(recorded.get(0).output()), "perturbed pixels");
            }
        }
        assertEquals(MULTIPLIER_DIGESTS, digests);
    }

    /** {@code dropout} with each SignPerturbation in it wrapped so that its draws are recorded. */
    private static IDropout recording(IDropout dropout, int layer, List<Recorded> sink) {
        if (dropout instanceof SignPerturbation sign) {
            return new RecordingDropout(sign, layer, sink);
        }
        if (dropout instanceof ChainedDropout chained) {
            return new ChainedDropout(recording(chained.first(), layer, sink), chained.second());
        }
        return dropout;
    }

    /** Deterministic pixels in (0, 1], independent of ND4J's random stream. */
    private static INDArray pixels(int batch) {
        SplittableRandom random = new SplittableRandom(7);
        float[] values = new float[batch * 28 * 28];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (1.0 - random.nextDouble());
        }
        return Nd4j.create(values, new long[] {batch, 28, 28, 1}, 'c');
    }

    private static String digest(INDArray x) {
        INDArray c = x.castTo(DataType.FLOAT).dup('c');
        ByteBuffer bytes = ByteBuffer.allocate((int) c.length() * Float.BYTES);
        for (float v : c.data().asFloat()) {
            bytes.putFloat(v);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One draw: the layer, its multipliers and the perturbed values, copied out of every workspace. */
    private record Recorded(int layer, INDArray multiplier, INDArray output) {
    }

    /**
     * Applies the wrapped perturbation unchanged and records its multipliers, read back through its own
     * backward pass (which recomputes them from the draw's seed without touching ND4J's random stream).
     */
    private static final class RecordingDropout implements IDropout {

        private final SignPerturbation delegate;
        private final int layer;
        private final List<Recorded> sink;

        RecordingDropout(SignPerturbation delegate, int layer, List<Recorded> sink) {
            this.delegate = delegate;
            this.layer = layer;
            this.sink = sink;
        }

        @Override
        public INDArray applyDropout(INDArray inputActivations, INDArray resultArray, int iteration, int epoch,
                                     LayerWorkspaceMgr workspaceMgr) {
            INDArray result = delegate.applyDropout(inputActivations, resultArray, iteration, epoch, workspaceMgr);
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                INDArray ones = Nd4j.ones(inputActivations.dataType(), inputActivations.shape());
                sink.add(new Recorded(layer, delegate.backprop(ones, null, iteration, epoch).dup('c'),
                        result.dup('c')));
            }
            return result;
        }

        @Override
        public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
            return delegate.backprop(gradAtOutput, gradAtInput, iteration, epoch);
        }

        @Override
        public void clear() {
            delegate.clear();
        }

        @Override
        public RecordingDropout clone() {
            return new RecordingDropout(delegate.clone(), layer, sink);
        }
    }
}
