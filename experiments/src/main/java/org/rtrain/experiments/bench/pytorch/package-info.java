/**
 * The PyTorch side of {@code rtrain bench}: the same workloads on PyTorch 2.x through DJL's PyTorch engine, in a JVM
 * of its own on the bench's classpath (DJL is not a dependency of any module).
 */
package org.rtrain.experiments.bench.pytorch;
