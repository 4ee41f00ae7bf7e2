package org.rtrain.perturb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The portable path (ND4J operations, any backend) against the fused kernel on the CPU: the same
 * seed must give the same multipliers, outputs and gradients bit for bit.
 */
class PortablePathTest {

    private static final long[] LENGTHS = {1, 17, SignDraw.SEGMENT + 1, SignDraw.BLOCK, SignDraw.BLOCK + 1029,
        3L * SignDraw.BLOCK - 5};

    @Test
    void portableMultipliersEqualTheFusedKernelsBitForBit() {
        for (double growProbability : new double[] {0.5, 0.3, 0.0, 1.0}) {
            for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                for (long length : LENGTHS) {
                    SignDraw draw = SignDraw.of(977 + length, 0.25, growProbability);
                    INDArray fused = Nd4j.createUninitialized(type, length);
                    SignKernel.apply(draw, null, fused);
                    INDArray portable = PortableSignKernel.multiplier(draw, type, new long[] {length}, 'c');
                    assertEquals(fused, portable, type + " p=" + growProbability + " length " + length);
                }
            }
        }
    }

    @Test
    void portableMultipliersFollowTheDrawOrder() {
        SignDraw draw = SignDraw.of(3, 0.2, 0.5);
        for (char order : new char[] {'c', 'f'}) {
            long[] shape = {5, 7, 300};
            INDArray fused = Nd4j.createUninitialized(DataType.FLOAT, shape, order);
            SignKernel.apply(draw, null, fused);
            assertEquals(fused, PortableSignKernel.multiplier(draw, DataType.FLOAT, shape, order), "order " + order);
        }
    }

    @Test
    void autoTakesTheFusedKernelForHostArraysOnTheCpuBackendAndPortableNever() {
        assertTrue(PerturbationPath.onCpuBackend(), "these tests run on ND4J's CPU backend");
        INDArray onHeap = Nd4j.rand(DataType.FLOAT, 4, 5);
        assertTrue(PerturbationPath.AUTO.fusedKernelMayTouch(onHeap));
        assertTrue(PerturbationPath.FUSED.fusedKernelMayTouch(onHeap));
        assertFalse(PerturbationPath.PORTABLE.fusedKernelMayTouch(onHeap));
        WorkspaceConfiguration config = WorkspaceConfiguration.builder().initialSize(1 << 16).build();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(config, "PortablePathTest")) {
            INDArray inWorkspace = Nd4j.create(DataType.FLOAT, 10);
            assertTrue(inWorkspace.isAttached());
            assertTrue(PerturbationPath.AUTO.fusedKernelMayTouch(inWorkspace), "workspace arrays are host memory");
        }
        PerturbationPath.FUSED.requireSafeOnCurrentBackend("a CPU network");
    }

    @Test
    void bothPathsGiveTheSameOutputsAndGradientsForEveryGranularityLayoutAndType() {
        INDArray base = Nd4j.rand(DataType.DOUBLE, 6, 5, 9, 11).subi(0.5);
        INDArray[] inputs = {base, base.dup('f'), base.permute(0, 2, 3, 1),
            base.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4), NDArrayIndex.all(), NDArrayIndex.all()),
            base.reshape(6, 5 * 9 * 11), base.reshape(6, 5 * 9 * 11).dup('f')};
        for (PerturbationGranularity granularity : PerturbationGranularity.values()) {
            for (double growProbability : new double[] {0.5, 0.3}) {
                for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE, DataType.HALF}) {
                    for (INDArray input : inputs) {
                        INDArray x = input.castTo(type);
                        SignPerturbation fused = new SignPerturbation(0.2, null, growProbability, granularity);
                        SignPerturbation portable = fused.withPath(PerturbationPath.PORTABLE);
                        String what = granularity + " p=" + growProbability + " " + type + " " + input.ordering()
                                + java.util.Arrays.toString(input.stride());
                        Nd4j.getRandom().setSeed(42);
                        INDArray fusedOut = fused.applyDropout(x, null, 0, 0, LayerWorkspaceMgr.noWorkspaces());
                        Nd4j.getRandom().setSeed(42);
                        INDArray portableOut = portable.applyDropout(x, null, 0, 0, LayerWorkspaceMgr.noWorkspaces());
                        assertEquals(fusedOut, portableOut, "output, " + what);
                        INDArray gradient = Nd4j.rand(type, x.shape());
                        assertEquals(fused.backprop(gradient, null, 0, 0), portable.backprop(gradient, null, 0, 0),
                                "gradient, " + what);
                    }
                }
            }
        }
    }

    @Test
    void aNetworkTrainsIdenticallyOnEitherPath() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1, 10, 10).subi(0.5);
        INDArray y = Nd4j.eye(4).getRows(0, 1, 2, 3, 0, 1, 2, 3).castTo(DataType.FLOAT);
        INDArray[] params = new INDArray[2];
        PerturbationPath[] paths = {PerturbationPath.AUTO, PerturbationPath.PORTABLE};
        for (int run = 0; run < 2; run++) {
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).updater(new Sgd(0.1)).list()
                    .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                    .layer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4)
                            .activation(Activation.SOFTMAX).build())
                    .setInputType(InputType.convolutional(10, 10, 1)).build();
            MultiLayerNetwork net = new MultiLayerNetwork(PerturbationPlacement.inputAndAllHidden()
                    .applyTo(conf, new SignPerturbation(0.3).withPath(paths[run])));
            net.init();
            for (int step = 0; step < 3; step++) {
                net.fit(x, y);
            }
            params[run] = net.params().dup();
        }
        assertEquals(params[0], params[1], "parameters after three steps on the fused and the portable path");
    }

    @Test
    void thePathSurvivesJsonAndModelsSavedBeforeItExistedReadAsAuto() {
        MultiLayerConfiguration conf = PerturbationPlacement.input().applyTo(new NeuralNetConfiguration.Builder()
                .list().layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(3).nOut(2).build()).build(),
                new SignPerturbation(0.1).withPath(PerturbationPath.PORTABLE));
        assertEquals(new SignPerturbation(0.1).withPath(PerturbationPath.PORTABLE),
                MultiLayerConfiguration.fromJson(conf.toJson()).getConf(0).getLayer().getIDropout());
        String withoutPath = conf.toJson().replaceAll(",\\s*\"path\"\\s*:\\s*\"PORTABLE\"", "");
        assertFalse(withoutPath.contains("PORTABLE"));
        assertEquals(new SignPerturbation(0.1),
                MultiLayerConfiguration.fromJson(withoutPath).getConf(0).getLayer().getIDropout());
    }
}
