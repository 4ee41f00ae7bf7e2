package org.deeplearning4j.cuda.convolution;

import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.nd4j.linalg.api.buffer.DataType;
import org.rtrain.perturb.backend.CudaHelpers;

/**
 * Compatibility shim: the convolution helper DL4J 1.0.0-M2.1 loads by this name on CUDA (its
 * {@code deeplearning4j-cuda} artifact was never published for M2.1). It runs the layer through
 * libnd4j's {@code conv2d} ops, which the {@code linux-x86_64-cudnn} build of nd4j-cuda executes
 * with cuDNN. See {@link org.rtrain.perturb.backend.NativeFastPath}.
 */
public class CudnnConvolutionHelper extends MKLDNNConvHelper {

    public CudnnConvolutionHelper(DataType dataType) {
        super(dataType);
    }

    @Override
    public boolean checkSupported() {
        return CudaHelpers.onCudaWithHelpers();
    }
}
