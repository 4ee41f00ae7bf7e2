/** The five input disturbances of the paper's Table 1, applied to batches of images at evaluation time. */
package org.rtrain.attacks.disturbance;
