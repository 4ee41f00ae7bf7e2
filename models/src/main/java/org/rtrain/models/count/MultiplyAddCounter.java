package org.rtrain.models.count;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CapsuleLayer;
import org.deeplearning4j.nn.conf.layers.Convolution2D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PrimaryCapsules;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.rtrain.perturb.NetworkAdapter;
import org.rtrain.perturb.backend.LeanConvolution;

/**
 * Counts the multiply-adds of one forward pass of one example through a DL4J configuration: the
 * "FLOPs" or "Mult-Adds" column of papers' tables (Tables 2 and 3 of the reproduced paper).
 *
 * <p>It walks the configuration with DL4J's own activation-type inference
 * ({@link ComputationGraphConfiguration#getLayerActivationTypes},
 * {@link MultiLayerConfiguration#getLayerActivationTypes}) and counts multiply-adds with weights only:
 * <ul>
 *   <li>convolution: {@code kH * kW * Cin * Cout * Hout * Wout} (a grouped convolution built from one
 *       convolution per group is the sum of its groups, {@code kH * kW * Cin/groups * Cout * Hout * Wout});</li>
 *   <li>depthwise convolution: {@code kH * kW * Cin * depthMultiplier * Hout * Wout}; separable: that plus the
 *       pointwise {@code Cin * depthMultiplier * Cout * Hout * Wout};</li>
 *   <li>deconvolution: {@code kH * kW * Cin * Cout * Hin * Win};</li>
 *   <li>dense and output layers: {@code nIn * nOut};</li>
 *   <li>capsules: primary capsules as the convolution they are; a capsule layer's prediction vectors
 *       {@code inputCapsules * inputCapsuleDimensions * capsules * capsuleDimensions}; routing (data-dependent
 *       agreement products, no weights) is not counted;</li>
 *   <li>layers and vertices of this project that implement {@link MultiplyAddCounted}: their own count
 *       (the learned group convolution counts its unpruned weights only);</li>
 *   <li>zero for batch normalisation (at inference a per-channel scale and shift that folds into the
 *       neighbouring convolution), pooling, activations, padding, cropping, merges, element-wise sums and
 *       channel selections: none of them multiplies by a weight.</li>
 * </ul>
 * Biases are not counted. Papers differ in what else they count: CondenseNet's published FLOPs also
 * count one operation per ReLU output and per pooling-window element, NASNet's and Inception's count
 * multiply-adds of weights as here. A layer with parameters that is none of the above is an error,
 * never silently zero.
 */
public final class MultiplyAddCounter {

    private MultiplyAddCounter() {
    }

    /** Multiply-adds of a MultiLayerNetwork configuration fed with {@code input}. */
    public static MultiplyAddCount count(MultiLayerConfiguration conf, InputType input) {
        List<InputType> outputs = conf.getLayerActivationTypes(input);
        Map<String, Long> byLayer = new LinkedHashMap<>();
        InputType previous = input;
        for (int i = 0; i < conf.getConfs().size(); i++) {
            InputPreProcessor preProcessor = conf.getInputPreProcess(i);
            InputType in = preProcessor == null ? previous : preProcessor.getOutputType(previous);
            Layer layer = conf.getConf(i).getLayer();
            String name = layer.getLayerName() != null ? layer.getLayerName() : Integer.toString(i);
            put(byLayer, Integer.toString(i), layerMultiplyAdds(name, layer, in, outputs.get(i)));
            previous = outputs.get(i);
        }
        return MultiplyAddCount.of(byLayer);
    }

    /**
     * Multiply-adds of the configuration of {@code network}, a MultiLayerNetwork or a ComputationGraph,
     * fed with {@code input} (a graph's first input).
     */
    public static MultiplyAddCount count(Model network, InputType input) {
        return NetworkAdapter.of(network).match(chain -> count(chain.getLayerWiseConfigurations(), input),
                graph -> count(graph.getConfiguration(), input));
    }

    /** Multiply-adds of a ComputationGraph configuration fed with {@code inputs}, one per network input. */
    public static MultiplyAddCount count(ComputationGraphConfiguration conf, InputType... inputs) {
        // Type inference adds preprocessors and sets nIn: work on a copy.
        ComputationGraphConfiguration copy = conf.clone();
        Map<String, InputType> types = copy.getLayerActivationTypes(inputs);
        Map<String, Long> byLayer = new LinkedHashMap<>();
        for (Map.Entry<String, InputType> entry : types.entrySet()) {
            String name = entry.getKey();
            GraphVertex vertex = copy.getVertices().get(name);
            if (vertex == null) {
                continue; // a network input
            }
            List<String> inputNames = copy.getVertexInputs().get(name);
            InputType[] in = inputNames.stream().map(types::get).toArray(InputType[]::new);
            if (vertex instanceof LayerVertex layerVertex) {
                InputPreProcessor preProcessor = layerVertex.getPreProcessor();
                InputType layerInput = preProcessor == null ? in[0] : preProcessor.getOutputType(in[0]);
                put(byLayer, name, layerMultiplyAdds(name, layerVertex.getLayerConf().getLayer(), layerInput,
                        entry.getValue()));
            } else if (vertex instanceof MultiplyAddCounted counted) {
                put(byLayer, name, counted.multiplyAdds(in, entry.getValue()));
            } else if (vertex.numParams(true) > 0) {
                throw new IllegalArgumentException("MultiplyAddCounter: vertex '" + name + "' ("
                        + vertex.getClass().getName() + ") has parameters but no known multiply-add count; "
                        + "implement MultiplyAddCounted");
            }
        }
        return MultiplyAddCount.of(byLayer);
    }

    private static void put(Map<String, Long> byLayer, String name, long multiplyAdds) {
        if (multiplyAdds > 0) {
            byLayer.put(name, multiplyAdds);
        }
    }

    private static long layerMultiplyAdds(String name, Layer layer, InputType in, InputType out) {
        if (layer instanceof MultiplyAddCounted counted) {
            return counted.multiplyAdds(new InputType[] {in}, out);
        }
        Class<?> type = layer.getClass();
        if (type == SeparableConvolution2D.class) {
            SeparableConvolution2D conv = (SeparableConvolution2D) layer;
            long perPosition = (long) conv.getKernelSize()[0] * conv.getKernelSize()[1] * conv.getNIn()
                    * conv.getDepthMultiplier() + conv.getNIn() * conv.getDepthMultiplier() * conv.getNOut();
            return perPosition * positions(name, out);
        }
        if (type == DepthwiseConvolution2D.class) {
            DepthwiseConvolution2D conv = (DepthwiseConvolution2D) layer;
            return (long) conv.getKernelSize()[0] * conv.getKernelSize()[1] * conv.getNIn()
                    * conv.getDepthMultiplier() * positions(name, out);
        }
        if (type == Deconvolution2D.class) {
            Deconvolution2D conv = (Deconvolution2D) layer;
            return (long) conv.getKernelSize()[0] * conv.getKernelSize()[1] * conv.getNIn() * conv.getNOut()
                    * positions(name, in);
        }
        if (type == ConvolutionLayer.class || type == Convolution2D.class || type == LeanConvolution.class) {
            ConvolutionLayer conv = (ConvolutionLayer) layer;
            return (long) conv.getKernelSize()[0] * conv.getKernelSize()[1] * conv.getNIn() * conv.getNOut()
                    * positions(name, out);
        }
        if (type == DenseLayer.class || type == OutputLayer.class) {
            FeedForwardLayer dense = (FeedForwardLayer) layer;
            return dense.getNIn() * dense.getNOut();
        }
        if (type == PrimaryCapsules.class) {
            PrimaryCapsules capsules = (PrimaryCapsules) layer;
            return (long) capsules.getKernelSize()[0] * capsules.getKernelSize()[1] * capsules.getInputChannels()
                    * capsules.getCapsuleDimensions() * capsules.getCapsules();
        }
        if (type == CapsuleLayer.class) {
            CapsuleLayer capsules = (CapsuleLayer) layer;
            return capsules.getInputCapsules() * capsules.getInputCapsuleDimensions() * capsules.getCapsules()
                    * capsules.getCapsuleDimensions();
        }
        if (type == BatchNormalization.class || layer.initializer().numParams(layer) == 0) {
            return 0;
        }
        throw new IllegalArgumentException("MultiplyAddCounter: layer '" + name + "' (" + type.getName()
                + ") has parameters but no known multiply-add count; implement MultiplyAddCounted");
    }

    private static long positions(String name, InputType type) {
        if (!(type instanceof InputType.InputTypeConvolutional conv)) {
            throw new IllegalArgumentException("MultiplyAddCounter: layer '" + name + "' expected a 2D convolutional"
                    + " activation, got " + type);
        }
        return conv.getHeight() * conv.getWidth();
    }
}
