package org.jfenced.libvirt;

import org.libvirt.LibvirtException;

/** Work that calls libvirt, run by {@link LibvirtConnectionPool#submit}. */
@FunctionalInterface
public interface LibvirtCall<T> {

    T call() throws LibvirtException;
}
