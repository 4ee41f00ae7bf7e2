/** Compatibility shim for a class DL4J 1.0.0-M2.1 looks up under its pre-M2.1 name. */
package org.nd4j.nativeblas;
