/** {@code rtrain bench}: the performance targets as ratios of DL4J to PyTorch measured side by side on one machine. */
package org.rtrain.experiments.bench;
