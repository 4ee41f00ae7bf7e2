package org.rtrain.perturb.backend;

import org.nd4j.linalg.factory.Nd4j;

/** The condition under which the CUDA helper shims take a layer: the CUDA backend with helpers allowed. */
public final class CudaHelpers {

    private CudaHelpers() {
    }

    /** True on the CUDA backend when libnd4j allows platform helpers (cuDNN). */
    public static boolean onCudaWithHelpers() {
        String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend");
        return "CUDA".equalsIgnoreCase(backend) && Nd4j.getEnvironment().helpersAllowed();
    }
}
