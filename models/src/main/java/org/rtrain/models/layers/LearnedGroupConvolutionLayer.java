package org.rtrain.models.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The runtime of {@link LearnedGroupConvolution}: DL4J's convolution (with its native helper) on
 * {@code W * mask}, with the weight gradient masked.
 */
public final class LearnedGroupConvolutionLayer extends ConvolutionLayer {

    private static final long serialVersionUID = 1L;

    private transient boolean[][] maskSource;
    private transient INDArray maskArray;

    LearnedGroupConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    @SuppressWarnings("try") // the workspace scope is used for its side effect only
    protected INDArray getParamWithNoise(String param, boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!ConvolutionParamInitializer.WEIGHT_KEY.equals(param)) {
            return super.getParamWithNoise(param, training, workspaceMgr);
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return getParam(param).mul(mask());
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        Pair<Gradient, INDArray> result = super.backpropGradient(epsilon, workspaceMgr);
        gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY).muli(mask());
        return result;
    }

    /** The mask as a {@code [nOut, nIn, 1, 1]} array of 0 and 1, rebuilt when the configuration's mask changes. */
    @SuppressWarnings("try") // the workspace scope is used for its side effect only
    private INDArray mask() {
        LearnedGroupConvolution conf = (LearnedGroupConvolution) conf().getLayer();
        boolean[][] source = conf.maskReference();
        if (source != maskSource) {
            int nOut = (int) conf.getNOut();
            int nIn = source[0].length;
            double[] values = new double[nOut * nIn];
            for (int o = 0; o < nOut; o++) {
                boolean[] row = source[o % conf.groups()];
                for (int c = 0; c < nIn; c++) {
                    values[o * nIn + c] = row[c] ? 1 : 0;
                }
            }
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                maskArray = Nd4j.create(values, new long[] {nOut, nIn, 1, 1}, 'c').castTo(dataType);
            }
            maskSource = source;
        }
        return maskArray;
    }
}
