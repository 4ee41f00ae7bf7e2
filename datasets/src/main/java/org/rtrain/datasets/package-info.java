/**
 * The paper's datasets (MNIST, Fashion-MNIST, CIFAR-10/100, SVHN, ImageNet-1k) read from their real
 * file formats with integrity checks and downloads, found by name through {@link
 * org.rtrain.datasets.DatasetCatalog}, and turned into deterministic, asynchronously built DL4J
 * mini-batches by {@link org.rtrain.datasets.BatchLoader}.
 */
package org.rtrain.datasets;
