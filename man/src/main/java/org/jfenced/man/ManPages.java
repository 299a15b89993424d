package org.jfenced.man;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.jfenced.admin.AdminCommands;
import org.jfenced.ctl.Jfencectl;
import org.jfenced.daemon.DaemonKeys;
import org.jfenced.daemon.Jfenced;
import org.jfenced.spi.AdminCommand;
import org.jfenced.spi.BackendFactory;
import org.jfenced.spi.FencePlugin;
import org.jfenced.spi.ListenerFactory;
import org.jfenced.spi.ServiceFactory;

/**
 * Writes jfenced(8), jfencectl(8) and jfenced.conf(5). The prose is in templates beside this class; what can
 * drift from the code — the options, the commands, the keys of every plugin on the class path — is filled in
 * from the code itself, at every build.
 */
public final class ManPages {

    private ManPages() {
    }

    /** {@code ManPages OUTPUT_DIR VERSION} */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ManPages OUTPUT_DIR VERSION");
            System.exit(64);
        }
        write(Path.of(args[0]), args[1]);
    }

    /** The pages as {@code DIR/man8/jfenced.8}, {@code DIR/man8/jfencectl.8} and {@code DIR/man5/jfenced.conf.5}. */
    static List<Path> write(Path dir, String version) throws IOException {
        List<Path> written = new ArrayList<>();
        written.add(writePage(dir.resolve("man8/jfenced.8"), fill("jfenced.8", version,
                Map.of("@OPTIONS@", OptionsSection.of(Jfenced.commandSpec())))));
        written.add(writePage(dir.resolve("man8/jfencectl.8"), fill("jfencectl.8", version,
                Map.of("@OPTIONS@", OptionsSection.of(Jfencectl.commandSpec()), "@COMMANDS@", commands()))));
        Plugins plugins = Plugins.onClassPath();
        written.add(writePage(dir.resolve("man5/jfenced.conf.5"), fill("jfenced.conf.5", version, Map.of(
                "@DAEMON_KEYS@", KeysSection.keys(DaemonKeys.ALL),
                "@LISTENER_BLOCK_KEYS@", KeysSection.keys(DaemonKeys.LISTENER_BLOCK),
                "@LISTENERS@", KeysSection.plugins("listeners", plugins.listeners),
                "@BACKENDS@", KeysSection.plugins("backends", plugins.backends),
                "@SERVICES@", KeysSection.plugins("services", plugins.services)))));
        return written;
    }

    /** The daemon's own admin commands, with their arguments and summaries (which need no running daemon). */
    private static String commands() {
        StringBuilder out = new StringBuilder();
        for (AdminCommand c : AdminCommands.withBuiltins(null).all()) {
            out.append(Roff.tagged(Roff.name(c.name()), Roff.text(c.usage()), Roff.text(c.summary())));
        }
        return out.toString();
    }

    private static String fill(String page, String version, Map<String, String> sections) throws IOException {
        String text;
        try (InputStream in = ManPages.class.getResourceAsStream(page + ".in")) {
            if (in == null) {
                throw new IOException("template " + page + ".in is missing from the class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        text = text.replace("@VERSION@", version).replace("@DATE@", date().toString());
        for (Map.Entry<String, String> s : sections.entrySet()) {
            if (!text.contains(s.getKey() + "\n")) {
                throw new IOException("template " + page + ".in has no line " + s.getKey());
            }
            text = text.replace(s.getKey() + "\n", s.getValue());
        }
        return text;
    }

    /** The build's date: SOURCE_DATE_EPOCH when set, so that a rebuild of the same source gives the same pages. */
    private static LocalDate date() {
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        Instant when = epoch == null || epoch.isBlank() ? Instant.now() : Instant.ofEpochSecond(Long.parseLong(epoch.trim()));
        return LocalDate.ofInstant(when, ZoneOffset.UTC);
    }

    private static Path writePage(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** The built-in plugins, as ServiceLoader finds them on this class path. */
    private static final class Plugins {
        final List<ListenerFactory> listeners = new ArrayList<>();
        final List<BackendFactory> backends = new ArrayList<>();
        final List<ServiceFactory> services = new ArrayList<>();

        static Plugins onClassPath() {
            Plugins p = new Plugins();
            for (FencePlugin plugin : ServiceLoader.load(FencePlugin.class, ManPages.class.getClassLoader())) {
                p.listeners.addAll(plugin.listeners());
                p.backends.addAll(plugin.backends());
                p.services.addAll(plugin.services());
            }
            return p;
        }
    }
}
