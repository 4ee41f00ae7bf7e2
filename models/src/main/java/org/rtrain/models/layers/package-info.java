/**
 * The zoo's own layers, graph vertices and input preprocessors, each configuration beside its runtime: capsules,
 * learned and grouped convolutions, stochastic depth, pixel normalisation.
 */
package org.rtrain.models.layers;
