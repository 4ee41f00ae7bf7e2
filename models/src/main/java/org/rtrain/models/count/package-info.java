/** Parameter and multiply-add counts of DL4J configurations, as papers count them. */
package org.rtrain.models.count;
