package org.jfenced.spi;

import java.nio.file.Path;
import java.util.Optional;

/** What the daemon offers the plugins it creates. */
public interface PluginContext {

    /** The daemon's request path, for listeners (and services that fence). */
    RequestDispatcher dispatcher();

    /** The configuration file the daemon runs with, for resolving relative paths. */
    Path configFile();

    /**
     * A key of the daemon's own block, {@code fence_virtd}, for the plugin settings fence_virtd also read
     * there (the cpg backend's {@code name_mode}); empty when absent, and in contexts without a config file.
     */
    default Optional<String> daemonSetting(String key) {
        return Optional.empty();
    }

    /**
     * Where to offer commands for {@code jfencectl}. The daemon's context serves them on the admin
     * socket; this default, for contexts without one (such as a plugin's own tests), ignores them.
     */
    default AdminRegistry admin() {
        return command -> { };
    }

    /**
     * The configured backend, for services that work on the VMs it fences: a service that knows the
     * backend's type (the backup service and backend {@code libvirt}) can share its connections, which
     * for libvirt's test driver is the only way to see the same VMs. Empty while the backend is being
     * created, and in contexts without one.
     */
    default Optional<FenceBackend> backend() {
        return Optional.empty();
    }

    /**
     * Registers {@code observer} to hear of every off, on and reboot request the daemon is about to
     * carry out (see {@link FenceObserver}): those its dispatcher passes to the backend, and those a
     * backend announces with {@link #announcePowerAction}. Contexts without a dispatcher ignore it.
     */
    default void observeFences(FenceObserver observer) {
    }

    /**
     * Records in the request history and the daemon's journal an act of the plugin's own that counts as a
     * fence though no request asked for it — backend cpg destroying this host's VMs when it is cut off —
     * as if it were a request; {@code detail} says what it was. Works while the plugin is being created, and
     * returns once the record is written (on disk for off, on and reboot), so call it from a thread that may
     * wait. Contexts without a history ignore it.
     */
    default void audit(FenceRequest request, FenceResult result, String detail) {
    }

    /**
     * For backends: tells the fence observers that the backend is about to carry out {@code request} on
     * this host for another node — an off, on or reboot that reached another host's daemon and never
     * passes this one's dispatcher (backend {@code cpg} acting for the group). Call it just before acting,
     * on any thread, and never for status; it returns at once. Contexts without observers ignore it.
     *
     * @throws IllegalArgumentException if {@code request.action()} does not change a VM's power
     */
    default void announcePowerAction(FenceRequest request) {
    }
}
