package org.jfenced.libvirt;

/** Ends a {@link LibvirtConnectionPool#subscribe} registration; closing twice is harmless. */
public interface Subscription extends AutoCloseable {

    @Override
    void close();
}
