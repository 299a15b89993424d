/**
 * corosync votequorum (libvotequorum.so.8): {@link org.jfenced.nativelib.quorum.Quorum#open} gives this
 * node's quorum state, kept current by notifications, and sets expected votes.
 */
package org.jfenced.nativelib.quorum;
