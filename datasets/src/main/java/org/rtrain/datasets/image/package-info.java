/**
 * The image vocabulary that datasets, transforms and loaders share: a decoded {@link
 * org.rtrain.datasets.image.Image} and the seeded {@link org.rtrain.datasets.image.ImageTransform}.
 */
package org.rtrain.datasets.image;
