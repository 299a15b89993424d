/**
 * corosync Closed Process Groups (libcpg.so.4). {@link org.jfenced.nativelib.cpg.CpgGroup#join} with a
 * {@link org.jfenced.nativelib.cpg.CpgListener} is the API; the structures and callback types mirror
 * {@code <corosync/cpg.h>} of corosync 3.1 on LP64 Linux and need not be touched by users.
 */
package org.jfenced.nativelib.cpg;
