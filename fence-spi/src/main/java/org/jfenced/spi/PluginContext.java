package org.jfenced.spi;

import java.nio.file.Path;

/** What the daemon offers the plugins it creates. */
public interface PluginContext {

    /** The daemon's request path, for listeners (and services that fence). */
    RequestDispatcher dispatcher();

    /** The configuration file the daemon runs with, for resolving relative paths. */
    Path configFile();

    /**
     * Where to offer commands for {@code jfencectl}. The daemon's context serves them on the admin
     * socket; this default, for contexts without one (such as a plugin's own tests), ignores them.
     */
    default AdminRegistry admin() {
        return command -> { };
    }
}
