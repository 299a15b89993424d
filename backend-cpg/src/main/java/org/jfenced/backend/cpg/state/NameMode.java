package org.jfenced.backend.cpg.state;

/** How clients name VMs: {@code name_mode} of fence_virt.conf. */
public enum NameMode {
    /** By name; a target written as a UUID is still taken as a UUID, as the libvirt backend does. */
    NAME,
    /** By UUID only: VM names may repeat across hosts, so a name identifies nothing and is refused. */
    UUID
}
