/**
 * The exact input gradient of a DL4J network's loss in inference mode, for MultiLayerNetwork and ComputationGraph
 * alike, and the training-mode pass adversarial training needs.
 */
package org.rtrain.attacks.gradient;
