package org.rtrain.perturb;

/**
 * How many independent draws of the sign perturbation's multiplier an activation tensor gets.
 *
 * <p>Tensors are taken in DL4J's default layouts: {@code [batch, features]} for dense
 * activations and {@code [batch, channels, height, width]} (NCHW) for convolutional ones.
 */
public enum PerturbationGranularity {
    /** One draw per element, as in the paper. */
    ELEMENT,
    /** One draw per example, shared by all of its elements. */
    SAMPLE,
    /**
     * One draw per (example, channel) pair, shared over the spatial positions of that channel;
     * on rank-2 activations a channel is a feature, so this equals {@link #ELEMENT}.
     */
    CHANNEL
}
