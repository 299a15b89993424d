package org.jfenced.libvirt;

/**
 * A backend that carries out requests on this host's libvirt through a {@link LibvirtConnectionPool} —
 * backend {@code libvirt}, and backend {@code cpg} for the requests the group gives this host. A service
 * that works on the same VMs (backup) uses these connections: they see exactly the VMs the backend
 * fences, and for libvirt's test driver, whose state each connection keeps to itself, they are the only
 * way to see them at all.
 */
public interface LocalLibvirt {

    /** This host's libvirt connections, for calls and lifecycle events. */
    LibvirtConnectionPool pool();
}
