/** The paper's table rows as runnable specs, the runner that reproduces them, and the command line. */
package org.rtrain.experiments;
