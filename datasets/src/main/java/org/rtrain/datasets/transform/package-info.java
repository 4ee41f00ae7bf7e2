/**
 * Seeded image transforms: the standard augmentations of the paper's datasets (pad-and-crop,
 * horizontal flip, random-resized crop, random erasing), ImageNet's evaluation resize and crop, and
 * per-channel normalisation. Each is an immutable record implementing
 * {@link org.rtrain.datasets.image.ImageTransform}, deterministic given the generator it is handed.
 */
package org.rtrain.datasets.transform;
