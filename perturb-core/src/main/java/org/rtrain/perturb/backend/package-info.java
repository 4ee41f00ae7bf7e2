/**
 * DL4J's layers on libnd4j's native oneDNN (CPU) and cuDNN (CUDA) kernels: the routing onto them, the lean
 * convolution, and the wiring every custom layer of the project shares with DL4J's own.
 */
package org.rtrain.perturb.backend;
