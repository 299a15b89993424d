/**
 * Bindings to native libraries through JNA. Applications use {@link org.jfenced.nativelib.cpg.CpgGroup},
 * {@link org.jfenced.nativelib.quorum.Quorum} and {@link org.jfenced.nativelib.systemd.SdNotify}; the
 * classes here ({@link org.jfenced.nativelib.DispatchLoop}, {@link org.jfenced.nativelib.TryAgain},
 * {@link org.jfenced.nativelib.LibC}, {@link org.jfenced.nativelib.EventFd}) are the plumbing those share,
 * public only so the sub-packages can reach them. {@link org.jfenced.nativelib.CorosyncException} and
 * {@link org.jfenced.nativelib.CsError} are what the corosync bindings report.
 */
package org.jfenced.nativelib;
