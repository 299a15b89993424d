package org.jfenced.plugin;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one plugin: the daemon's classes for the contract plugins and daemon share — the
 * SPI, the protocol kit, the libvirt library, slf4j and netty — and the plugin's own jars for everything
 * else, then the JDK. A plugin therefore brings its own libraries (any version of Jackson, a Kubernetes
 * client) without shading them and without seeing, or clashing with, the daemon's; it cannot reach into
 * the daemon core. This is the scheme Trino's PluginClassLoader uses.
 */
final class PluginClassLoader extends URLClassLoader {

    /**
     * Packages (as class-name prefixes) a plugin takes from the daemon. The libvirt library and its binding
     * are among them because a process may run libvirt's event loop only once: every plugin must share the
     * daemon's one copy.
     */
    static final List<String> SHARED_PACKAGES = List.of("org.jfenced.spi.", "org.jfenced.xvm.", "org.jfenced.libvirt.",
            "org.libvirt.", "org.slf4j.", "io.netty.");

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader daemon;

    PluginClassLoader(String name, URL[] jars, ClassLoader daemon) {
        // the parent is the JDK only: every other daemon class is out of sight
        super(name, jars, ClassLoader.getPlatformClassLoader());
        this.daemon = daemon;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isShared(name)) {
            return daemon.loadClass(name);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException notInThePlugin) {
                    c = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        if (isShared(resourceToClassName(name))) {
            return daemon.getResource(name);
        }
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (isShared(resourceToClassName(name))) {
            return daemon.getResources(name);
        }
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(all);
    }

    static boolean isShared(String className) {
        return SHARED_PACKAGES.stream().anyMatch(className::startsWith);
    }

    private static String resourceToClassName(String resource) {
        return resource.replace('/', '.');
    }
}
