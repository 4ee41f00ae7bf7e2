/** Gradient attacks (FGSM) on DL4J networks in inference mode, and adversarial training. */
package org.rtrain.attacks;
