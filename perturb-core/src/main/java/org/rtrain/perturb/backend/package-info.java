/** Routing of DL4J's layers onto libnd4j's native oneDNN (CPU) and cuDNN (CUDA) kernels. */
package org.rtrain.perturb.backend;
