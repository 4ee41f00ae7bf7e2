/**
 * Compatibility shim for the cuDNN convolution helper DL4J 1.0.0-M2.1 loads by this name on CUDA (its
 * {@code deeplearning4j-cuda} artifact was never published for M2.1); see
 * {@link org.rtrain.perturb.backend.NativeFastPath}.
 */
package org.deeplearning4j.cuda.convolution;
