/** corosync's configuration map (libcmap), for the settings the daemon must not guess. */
package org.jfenced.nativelib.cmap;
