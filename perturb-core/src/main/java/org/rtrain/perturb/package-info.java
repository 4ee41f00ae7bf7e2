/**
 * The paper's sign perturbation g(x) = x + eps * x * l(x), its placement in DL4J networks, and one view
 * ({@link org.rtrain.perturb.NetworkAdapter}) of DL4J's two kinds of network for the code that takes either.
 */
package org.rtrain.perturb;
