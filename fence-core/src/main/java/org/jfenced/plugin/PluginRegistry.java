package org.jfenced.plugin;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jfenced.spi.BackendFactory;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.FencePlugin;
import org.jfenced.spi.ListenerFactory;
import org.jfenced.spi.PluginFactory;
import org.jfenced.spi.ServiceFactory;

/**
 * Every plugin factory the daemon can use: those on the class path, then those of the plugins
 * directory. There a plugin is a jar, or a directory holding the plugin's jar and the libraries it
 * brings; each gets a {@link PluginClassLoader} of its own, which shares only the SPI, the protocol kit,
 * slf4j and netty with the daemon. Plugins are scanned in sorted order; two factories of one kind with
 * the same name are an error, as in fence_virtd.
 */
public final class PluginRegistry {

    private final List<DiscoveredPlugin> plugins;

    private PluginRegistry(List<DiscoveredPlugin> plugins) {
        this.plugins = List.copyOf(plugins);
    }

    /** Discovers plugins; {@code pluginsDir} may be absent or missing. */
    public static PluginRegistry discover(ClassLoader parent, Optional<Path> pluginsDir) throws ConfigException {
        List<DiscoveredPlugin> found = new ArrayList<>();
        for (ServiceLoader.Provider<FencePlugin> p : ServiceLoader.load(FencePlugin.class, parent).stream().toList()) {
            addAll(found, p.get(), originOf(p.type()));
        }
        if (pluginsDir.isPresent() && Files.isDirectory(pluginsDir.get())) {
            for (Path plugin : pluginsIn(pluginsDir.get())) {
                PluginClassLoader loader = new PluginClassLoader(plugin.getFileName().toString(), urls(plugin), parent);
                List<ServiceLoader.Provider<FencePlugin>> own = ServiceLoader.load(FencePlugin.class, loader).stream()
                        .filter(p -> p.type().getClassLoader() == loader).toList();
                if (own.isEmpty()) {
                    throw new ConfigException("plugin " + (Files.isDirectory(plugin) ? "directory " : "jar ") + plugin
                            + " declares no " + FencePlugin.class.getName() + " in META-INF/services");
                }
                for (ServiceLoader.Provider<FencePlugin> p : own) {
                    addAll(found, p.get(), plugin.toString());
                }
            }
        }
        return new PluginRegistry(found);
    }

    public List<DiscoveredPlugin> all() {
        return plugins;
    }

    public BackendFactory backend(String name) throws ConfigException {
        return (BackendFactory) find(PluginKind.BACKEND, name);
    }

    public ListenerFactory listener(String name) throws ConfigException {
        return (ListenerFactory) find(PluginKind.LISTENER, name);
    }

    public Optional<ServiceFactory> service(String name) {
        return plugins.stream().filter(p -> p.kind() == PluginKind.SERVICE && p.name().equalsIgnoreCase(name))
                .map(p -> (ServiceFactory) p.factory()).findFirst();
    }

    /** The names of one kind, for error messages. */
    public List<String> names(PluginKind kind) {
        return plugins.stream().filter(p -> p.kind() == kind).map(DiscoveredPlugin::name).sorted().toList();
    }

    private PluginFactory<?> find(PluginKind kind, String name) throws ConfigException {
        return plugins.stream().filter(p -> p.kind() == kind && p.name().equalsIgnoreCase(name)).findFirst()
                .map(DiscoveredPlugin::factory)
                .orElseThrow(() -> new ConfigException("no " + kind.word() + " plugin called \"" + name
                        + "\"; available " + kind.word() + "s: " + String.join(", ", names(kind))));
    }

    private static void addAll(List<DiscoveredPlugin> found, FencePlugin plugin, String origin) throws ConfigException {
        add(found, PluginKind.BACKEND, plugin.backends(), origin);
        add(found, PluginKind.LISTENER, plugin.listeners(), origin);
        add(found, PluginKind.SERVICE, plugin.services(), origin);
    }

    private static void add(List<DiscoveredPlugin> found, PluginKind kind, List<? extends PluginFactory<?>> factories,
            String origin) throws ConfigException {
        for (PluginFactory<?> f : factories) {
            for (DiscoveredPlugin d : found) {
                if (d.kind() == kind && d.name().equalsIgnoreCase(f.name())) {
                    throw new ConfigException("two " + kind.word() + " plugins called \"" + f.name() + "\": in "
                            + d.origin() + " and in " + origin);
                }
            }
            found.add(new DiscoveredPlugin(kind, f, origin));
        }
    }

    /** The jars and the directories of {@code dir}, sorted. */
    private static List<Path> pluginsIn(Path dir) throws ConfigException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isDirectory(p) || isJar(p)).sorted(Comparator.comparing(Path::toString))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new ConfigException("cannot read the plugins directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A plugin jar, or every jar of a plugin directory. */
    private static URL[] urls(Path plugin) throws ConfigException {
        List<Path> jars;
        if (Files.isDirectory(plugin)) {
            try (Stream<Path> s = Files.list(plugin)) {
                jars = s.filter(PluginRegistry::isJar).sorted(Comparator.comparing(Path::toString)).toList();
            } catch (IOException e) {
                throw new ConfigException("cannot read the plugin directory " + plugin + ": " + e.getMessage(), e);
            }
            if (jars.isEmpty()) {
                throw new ConfigException("plugin directory " + plugin + " holds no jar");
            }
        } else {
            jars = List.of(plugin);
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = url(jars.get(i));
        }
        return urls;
    }

    private static boolean isJar(Path p) {
        return Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar");
    }

    private static URL url(Path jar) throws ConfigException {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new ConfigException("bad plugin path " + jar, e);
        }
    }

    private static String originOf(Class<?> type) {
        CodeSource cs = type.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            return "class path";
        }
        try {
            return Path.of(cs.getLocation().toURI()).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return cs.getLocation().toString();
        }
    }
}
