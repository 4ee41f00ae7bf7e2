package org.rtrain.models.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtrain.models.count.MultiplyAddCounter;
import org.rtrain.models.count.ParameterCount;

/**
 * Every zoo network of this module built at its published size: trainable parameters within 2% and
 * multiply-adds within 5% of the published figures. Building without training; the largest, NASNet-A
 * Large, holds 89M parameters.
 */
class PublishedSizeIT {

    /** Prints one row of the README's zoo table; a published figure of 0 means the paper gives none. */
    private static void report(String model, long parameters, long publishedParameters, long multiplyAdds,
                               long publishedMultiplyAdds) {
        System.out.printf("%s: %,d parameters%s, %,d multiply-adds%s%n", model, parameters,
                published(parameters, publishedParameters), multiplyAdds, published(multiplyAdds, publishedMultiplyAdds));
    }

    private static String published(long ours, long published) {
        return published == 0 ? "" : String.format(" (published %,d, %+.2f%%)", published,
                100.0 * (ours - published) / published);
    }

    private static ModelSettings imagenet(int size) {
        return ZooChecks.settings(size, 1000, PerturbationSettings.none());
    }

    private static long multiplyAdds(ComputationGraphConfiguration conf, int size) {
        return MultiplyAddCounter.count(conf, InputType.convolutional(size, size, 3)).total();
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 8})
    void condenseNet74TestTimeNetwork(int groups) {
        CondenseNetArchitecture architecture = CondenseNetArchitecture.imagenet74(groups);
        ComputationGraph training = architecture.network(imagenet(224));
        CondenseNet.condense(training, 1.0);
        ComputationGraph condensed = CondenseNet.inferenceNetwork(training, architecture, imagenet(224));
        long parameters = ParameterCount.trainable(condensed);
        long flops = multiplyAdds(condensed.getConfiguration(), 224);
        long publishedParameters = groups == 4 ? CondenseNet.PUBLISHED_PARAMETERS_G4 : CondenseNet.PUBLISHED_PARAMETERS_G8;
        long publishedFlops = groups == 4 ? CondenseNet.PUBLISHED_FLOPS_G4 : CondenseNet.PUBLISHED_FLOPS_G8;
        report("CondenseNet-74 G=C=" + groups + " 224x224", parameters, publishedParameters, flops, publishedFlops);
        assertEquals(groups == 4 ? PublishedSizeFigures.CONDENSENET_74_G4 : PublishedSizeFigures.CONDENSENET_74_G8,
                new PublishedSizeFigures(parameters, flops), "the counts kept for the reports");
        assertEquals(publishedParameters, parameters, 0.02 * publishedParameters);
        assertEquals(publishedFlops, flops, 0.05 * publishedFlops);
        // The official measure_model (utils.py) also counts one operation per ReLU output, per pooling-window
        // element and per classifier bias: with those, the published figure is matched to its rounding.
        long official = flops + otherOperationsCountedByCondenseNet(condensed.getConfiguration());
        System.out.printf("  with CondenseNet's ReLU, pooling and bias operations: %,d%n", official);
        assertEquals(publishedFlops, official, 0.005 * publishedFlops);
    }

    private static long otherOperationsCountedByCondenseNet(ComputationGraphConfiguration conf) {
        ComputationGraphConfiguration copy = conf.clone();
        Map<String, InputType> types = copy.getLayerActivationTypes(InputType.convolutional(224, 224, 3));
        long operations = 0;
        for (Map.Entry<String, GraphVertex> entry : copy.getVertices().entrySet()) {
            if (!(entry.getValue() instanceof LayerVertex vertex)) {
                continue;
            }
            Layer layer = vertex.getLayerConf().getLayer();
            long outputs = types.get(entry.getKey()).arrayElementsPerExample();
            if (layer instanceof ActivationLayer) {
                operations += outputs;
            } else if (layer instanceof SubsamplingLayer pool) {
                operations += outputs * pool.getKernelSize()[0] * pool.getKernelSize()[1];
            } else if (layer instanceof GlobalPoolingLayer) {
                operations += types.get(copy.getVertexInputs().get(entry.getKey()).get(0)).arrayElementsPerExample();
            } else if (layer instanceof OutputLayer output) {
                operations += output.getNOut();
            }
        }
        return operations;
    }

    @Test
    void inceptionV3WithAndWithoutTheAuxiliaryHead() {
        InceptionV3Architecture plain = InceptionV3Architecture.imagenet();
        long parameters = ParameterCount.trainable(plain.network(imagenet(299)));
        report("InceptionV3 299x299", parameters, InceptionV3.PUBLISHED_PARAMETERS,
                multiplyAdds(InceptionV3.configuration(plain, imagenet(299)), 299), 0);
        assertEquals(InceptionV3.PUBLISHED_PARAMETERS, parameters, 0.02 * InceptionV3.PUBLISHED_PARAMETERS);
        InceptionV3Architecture withHead = new InceptionV3Architecture(InceptionV3Architecture.Stem.IMAGENET, 1, true,
                0.5);
        long auxiliary = ParameterCount.trainable(withHead.network(imagenet(299)));
        report("InceptionV3 299x299 with auxiliary head", auxiliary, InceptionV3.PUBLISHED_PARAMETERS_WITH_AUXILIARY,
                multiplyAdds(InceptionV3.configuration(withHead, imagenet(299)), 299), 0);
        assertEquals(InceptionV3.PUBLISHED_PARAMETERS_WITH_AUXILIARY, auxiliary,
                0.02 * InceptionV3.PUBLISHED_PARAMETERS_WITH_AUXILIARY);
    }

    @Test
    void inceptionV3CifarStemAddsNoParameter() {
        ModelSettings cifarSettings = ZooChecks.settings(32, 100, PerturbationSettings.none());
        long cifar = ParameterCount.trainable(InceptionV3Architecture.cifar().network(cifarSettings));
        long imagenetAt100 = ParameterCount.trainable(InceptionV3Architecture.imagenet().network(
                ZooChecks.settings(299, 100, PerturbationSettings.none())));
        report("InceptionV3 CIFAR-100 32x32", cifar, 0,
                multiplyAdds(InceptionV3.configuration(InceptionV3Architecture.cifar(), cifarSettings), 32), 0);
        assertEquals(imagenetAt100, cifar, "only strides, padding and pooling differ from the ImageNet network");
    }

    @Test
    void nasNetALarge() {
        assertNasNetASize("NASNet-A Large 6 @ 4032 331x331", NasNetAArchitecture.large(), 331,
                NasNetA.PUBLISHED_PARAMETERS_LARGE, NasNetA.PUBLISHED_MULTIPLY_ADDS_LARGE,
                PublishedSizeFigures.NASNET_A_LARGE);
    }

    @Test
    void nasNetAMobile() {
        assertNasNetASize("NASNet-A Mobile 4 @ 1056 224x224", NasNetAArchitecture.mobile(), 224,
                NasNetA.PUBLISHED_PARAMETERS_MOBILE, NasNetA.PUBLISHED_MULTIPLY_ADDS_MOBILE,
                PublishedSizeFigures.NASNET_A_MOBILE);
    }

    /**
     * Reports the NASNet-A's counts at {@code size x size}, checks them against the published ones (parameters
     * within 2%, multiply-adds within 5%) and against the figures {@code kept} for the reports.
     */
    private static void assertNasNetASize(String model, NasNetAArchitecture architecture, int size,
                                          long publishedParameters, long publishedMultiplyAdds,
                                          PublishedSizeFigures kept) {
        long parameters = ParameterCount.trainable(architecture.network(imagenet(size)));
        long flops = multiplyAdds(NasNetA.configuration(architecture, imagenet(size)), size);
        report(model, parameters, publishedParameters, flops, publishedMultiplyAdds);
        assertEquals(kept, new PublishedSizeFigures(parameters, flops), "the counts kept for the reports");
        assertEquals(publishedParameters, parameters, 0.02 * publishedParameters);
        assertEquals(publishedMultiplyAdds, flops, 0.05 * publishedMultiplyAdds);
    }
}
