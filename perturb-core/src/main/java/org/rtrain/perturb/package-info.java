/** The paper's sign perturbation g(x) = x + eps * x * l(x) and its placement in DL4J networks. */
package org.rtrain.perturb;
