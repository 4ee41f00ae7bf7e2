package org.deeplearning4j.cuda.normalization;

import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.nd4j.linalg.api.buffer.DataType;
import org.rtrain.perturb.backend.CudaHelpers;

/**
 * Compatibility shim: the batch-norm helper DL4J 1.0.0-M2.1 loads by this name on CUDA. It runs the
 * layer through libnd4j's {@code batchnorm} ops (cuDNN in the {@code linux-x86_64-cudnn} build).
 * See {@link org.rtrain.perturb.backend.NativeFastPath}.
 */
public class CudnnBatchNormalizationHelper extends MKLDNNBatchNormHelper {

    public CudnnBatchNormalizationHelper(DataType dataType) {
        super(dataType);
    }

    @Override
    public boolean checkSupported() {
        return CudaHelpers.onCudaWithHelpers();
    }

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return CudaHelpers.onCudaWithHelpers();
    }
}
