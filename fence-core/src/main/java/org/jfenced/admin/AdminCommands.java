package org.jfenced.admin;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;
import org.jfenced.spi.AdminCommand;
import org.jfenced.spi.AdminRegistry;

/**
 * The commands the admin socket serves, by first word: the daemon's own, then those plugins register
 * (while they are created, or later — the map is safe to change while the socket serves).
 */
public final class AdminCommands implements AdminRegistry {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private final Map<String, AdminCommand> byName = new ConcurrentSkipListMap<>();

    /** The daemon's own commands, registered before any plugin's so that a plugin cannot take their names. */
    public static AdminCommands withBuiltins(DaemonView daemon) {
        AdminCommands c = new AdminCommands();
        c.register(new StatusCommand(daemon));
        c.register(new VmsCommand(daemon));
        c.register(new MembersCommand(daemon));
        c.register(new HistoryCommand(daemon));
        c.register(new ExplainCommand(daemon));
        c.register(new PluginsCommand(daemon));
        c.register(new FenceCommand(daemon));
        c.register(new MetricsCommand(daemon));
        c.register(new ReloadCommand(daemon));
        c.register(new SelfTestCommand(daemon));
        c.register(new HelpCommand(c));
        return c;
    }

    @Override
    public void register(AdminCommand command) {
        String name = command.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("admin command name \"" + name + "\" of " + command.getClass().getName()
                    + " is not a lower-case word");
        }
        AdminCommand before = byName.putIfAbsent(name, command);
        if (before != null) {
            throw new IllegalArgumentException("admin command \"" + name + "\" of " + command.getClass().getName()
                    + " exists already (" + before.getClass().getName() + ")");
        }
    }

    /** The command for the first word of a command line, case-insensitively. */
    public Optional<AdminCommand> find(String word) {
        return Optional.ofNullable(byName.get(word.toLowerCase(Locale.ROOT)));
    }

    /** Every command, sorted by name. */
    public Collection<AdminCommand> all() {
        return byName.values();
    }
}
