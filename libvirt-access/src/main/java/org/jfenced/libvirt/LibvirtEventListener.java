package org.jfenced.libvirt;

/**
 * Receives what a {@link LibvirtConnectionPool} observes. Calls come from one pool thread, in the
 * order libvirt reported them; a slow listener delays the others but never libvirt's event loop.
 */
public interface LibvirtEventListener {

    void onDomainEvent(DomainLifecycleEvent event);

    /**
     * A connection to {@code uri} was (re)established. Events during the outage were lost: a
     * listener that mirrors domain state should list the domains again.
     */
    default void onConnectionUp(String uri) {
    }

    default void onConnectionDown(String uri, String reason) {
    }
}
