/**
 * Gradient attacks (FGSM, PGD) on DL4J networks in inference mode and pixel space, adversarial
 * training, the five input disturbances of the paper's Table 1, and robustness evaluation.
 */
package org.rtrain.attacks;
