package org.deeplearning4j.cuda.convolution.subsampling;

import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.nd4j.linalg.api.buffer.DataType;
import org.rtrain.perturb.backend.CudaHelpers;

/**
 * Compatibility shim: the pooling helper DL4J 1.0.0-M2.1 loads by this name on CUDA. It runs the
 * layer through libnd4j's pooling ops (cuDNN in the {@code linux-x86_64-cudnn} build). See
 * {@link org.rtrain.perturb.backend.NativeFastPath}.
 */
public class CudnnSubsamplingHelper extends MKLDNNSubsamplingHelper {

    public CudnnSubsamplingHelper(DataType dataType) {
        super(dataType);
    }

    @Override
    public boolean checkSupported() {
        return CudaHelpers.onCudaWithHelpers();
    }
}
