package org.rtrain.models.layers;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * A grouped 2D convolution (Krizhevsky et al. 2012; used by CondenseNet's 3x3 layers) built from DL4J
 * layers, which have none: the input channels are split into {@code groups} contiguous ranges
 * ({@link ChannelSelectVertex}), each range goes through its own {@link ConvolutionLayer} with
 * {@code outChannels / groups} filters, and a {@link MergeVertex} concatenates the results in group order.
 * It computes the same function as one convolution whose weight is block-diagonal over the groups, with
 * {@code 1/groups} of its parameters and multiply-adds. NCHW only; no bias.
 *
 * <p>Why DL4J's own convolution layers rather than one custom grouped layer: each group's
 * {@link ConvolutionLayer} runs on the oneDNN helper. With the sign perturbation on hidden activations,
 * each group's channel range is perturbed where its convolution reads it (the ranges partition the
 * input's channels, so each element of the input is perturbed once). The price is speed: measured on this
 * project's 2-core CPU (batch 32, 128 to 32 channels, 3x3, 28x28, forward and backward), 4 groups take
 * 2.9 s and 8 groups 4.4 s, against 0.7 s and 1.0 s for the dense convolution of the same shape that a
 * custom layer expanding block-diagonal weights would run.
 *
 * @param inChannels  input channels, divisible by groups
 * @param outChannels output channels, divisible by groups
 * @param groups      number of groups, {@code >= 1}
 * @param kernelSize  square kernel size
 * @param stride      stride
 * @param padding     zero padding on each side
 */
public record GroupedConvolution(int inChannels, int outChannels, int groups, int kernelSize, int stride,
                                 int padding) {

    public GroupedConvolution {
        if (groups < 1 || inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException("GroupedConvolution: groups, inChannels and outChannels must be >= 1, got "
                    + groups + ", " + inChannels + ", " + outChannels);
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("GroupedConvolution: inChannels (" + inChannels + ") and outChannels ("
                    + outChannels + ") must be divisible by groups (" + groups + ")");
        }
        if (kernelSize < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("GroupedConvolution: kernelSize and stride must be >= 1 and padding >= 0,"
                    + " got " + kernelSize + ", " + stride + ", " + padding);
        }
    }

    /**
     * Adds the convolution to {@code builder} after vertex {@code input}; the result is vertex {@code name}.
     * With more than one group the per-group vertices are {@code name_in<g>} and {@code name_g<g>}.
     *
     * @return {@code name}
     */
    public String addTo(ComputationGraphConfiguration.GraphBuilder builder, String name, String input) {
        if (groups == 1) {
            builder.addLayer(name, convolution(inChannels, outChannels), input);
            return name;
        }
        int groupIn = inChannels / groups;
        String[] outputs = new String[groups];
        for (int g = 0; g < groups; g++) {
            builder.addVertex(name + "_in" + g, ChannelSelectVertex.range(g * groupIn, groupIn), input);
            outputs[g] = name + "_g" + g;
            builder.addLayer(outputs[g], convolution(groupIn, outChannels / groups), name + "_in" + g);
        }
        builder.addVertex(name, new MergeVertex(), outputs);
        return name;
    }

    /** Name of the convolution layer of group {@code g} inside a grouped convolution named {@code name}. */
    public String groupLayerName(String name, int g) {
        return groups == 1 ? name : name + "_g" + g;
    }

    private ConvolutionLayer convolution(int in, int out) {
        return new ConvolutionLayer.Builder(kernelSize, kernelSize).stride(stride, stride).padding(padding, padding)
                .convolutionMode(ConvolutionMode.Truncate).nIn(in).nOut(out).hasBias(false)
                .activation(Activation.IDENTITY).cudnnAllowFallback(false).build();
    }

    /**
     * Builds a {@link GroupedConvolution} as DL4J builds a convolution layer, e.g.
     * {@code new GroupedConvolution.Builder(3).nIn(128).nOut(32).groups(4).padding(1).build()}; stride 1,
     * no padding and one group unless set. The input channels are required: the groups split them.
     */
    public static final class Builder {

        private final int kernelSize;
        private int nIn;
        private int nOut;
        private int groups = 1;
        private int stride = 1;
        private int padding;

        /** @param kernelSize height and width of the square kernel */
        public Builder(int kernelSize) {
            this.kernelSize = kernelSize;
        }

        /** Input channels, divisible by the groups. */
        public Builder nIn(int nIn) {
            this.nIn = nIn;
            return this;
        }

        /** Output channels, divisible by the groups. */
        public Builder nOut(int nOut) {
            this.nOut = nOut;
            return this;
        }

        /** Number of groups, {@code >= 1}. */
        public Builder groups(int groups) {
            this.groups = groups;
            return this;
        }

        /** Stride in both directions. */
        public Builder stride(int stride) {
            this.stride = stride;
            return this;
        }

        /** Zero padding on each side. */
        public Builder padding(int padding) {
            this.padding = padding;
            return this;
        }

        /** @throws IllegalArgumentException when the settings do not make a grouped convolution */
        public GroupedConvolution build() {
            return new GroupedConvolution(nIn, nOut, groups, kernelSize, stride, padding);
        }
    }
}
