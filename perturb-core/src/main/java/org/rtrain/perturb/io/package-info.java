/** Crash-safe file writes shared by every module, and the fault injection that tests them. */
package org.rtrain.perturb.io;
