package org.jfenced.spi;

/**
 * Told that the daemon is about to carry out a request that changes a VM's power, before the backend
 * acts: so that work on the same VM (a backup) can give way to the fence instead of undoing it.
 *
 * <p>Called on the thread that dispatches the request, often a network event loop, or on the thread of
 * a backend that announces a fence it carries out for another node
 * ({@link PluginContext#announcePowerAction}); the fence waits for it: an observer must only record what
 * happened and return, never block or call libvirt. An exception is logged and ignored; it never stops
 * the fence.
 *
 * <p>One fence may be told twice — by this daemon's dispatcher, which received it, and again by the
 * backend when the group gives it to this host to carry out — so telling must be idempotent.
 */
@FunctionalInterface
public interface FenceObserver {

    /** {@code request.action()} is off, on or reboot, and the groups allowed it. */
    void beforePowerAction(FenceRequest request);
}
