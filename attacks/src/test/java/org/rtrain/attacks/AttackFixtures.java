package org.rtrain.attacks;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A small CNN, with or without dropout, in double precision, and random labelled inputs. */
final class AttackFixtures {

    private AttackFixtures() {
    }

    static MultiLayerNetwork smallCnn(double retainProbability) {
        NeuralNetConfiguration.ListBuilder builder = new NeuralNetConfiguration.Builder()
                .seed(7).dataType(DataType.DOUBLE).updater(new Sgd(0.1)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.TANH).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH)
                        .dropOut(retainProbability).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).dropOut(retainProbability).build())
                .setInputType(InputType.convolutional(8, 8, 1));
        MultiLayerConfiguration conf = builder.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static INDArray images(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, n, 1, 8, 8);
    }

    /** Images whose class (0..2) is the third of the image that is brighter: learnable in a few steps. */
    static DataSet learnable(int n, long seed) {
        INDArray x = images(n, seed).muli(0.5);
        INDArray y = labels(n);
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            x.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.interval(c * 2 + 1, c * 2 + 4)).addi(0.4);
        }
        return new DataSet(x, y);
    }

    static double accuracy(MultiLayerNetwork network, INDArray features, INDArray labels) {
        INDArray predicted = network.output(features, false).argMax(1);
        long correct = predicted.eq(labels.argMax(1)).castTo(DataType.INT).sumNumber().longValue();
        return correct / (double) features.size(0);
    }

    static INDArray labels(int n) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, 3);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        return y;
    }
}
