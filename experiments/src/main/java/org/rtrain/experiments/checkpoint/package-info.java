/** Per-epoch checkpoints of a run, read back only through the trust boundary for DL4J model files. */
package org.rtrain.experiments.checkpoint;
