/** Gradient attacks (FGSM, PGD) on DL4J networks in inference mode and in pixel space [0, 1]. */
package org.rtrain.attacks;
