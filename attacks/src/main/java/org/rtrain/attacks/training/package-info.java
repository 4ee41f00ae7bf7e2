/** Adversarial training as a training strategy: each step trains on a mix of clean and attacked examples. */
package org.rtrain.attacks.training;
