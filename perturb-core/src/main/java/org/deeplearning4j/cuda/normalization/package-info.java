/**
 * Compatibility shim for the cuDNN batch-normalisation helper DL4J 1.0.0-M2.1 loads by this name on CUDA; see
 * {@link org.rtrain.perturb.backend.NativeFastPath}.
 */
package org.deeplearning4j.cuda.normalization;
