/** Crash-safe file writes shared by every module, and the fault-injection points that test them. */
package org.rtrain.perturb.io;
