package org.jfenced.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfenced.spi.AdminCommand;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.AdminSession;

/** {@code help [COMMAND]}: the commands this daemon serves, its plugins' included. */
final class HelpCommand implements AdminCommand {

    private final AdminCommands commands;

    HelpCommand(AdminCommands commands) {
        this.commands = commands;
    }

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String usage() {
        return "[COMMAND]";
    }

    @Override
    public String summary() {
        return "the commands this daemon serves, with those of its plugins";
    }

    @Override
    public AdminReply run(List<String> args, AdminSession session) {
        List<AdminCommand> shown;
        if (args.isEmpty()) {
            shown = List.copyOf(commands.all());
        } else if (args.size() == 1) {
            Optional<AdminCommand> c = commands.find(args.get(0));
            if (c.isEmpty()) {
                return AdminReply.usage("no command \"" + args.get(0) + "\"; \"help\" lists them");
            }
            shown = List.of(c.get());
        } else {
            return AdminReply.usage("usage: help [COMMAND]");
        }
        TextTable table = new TextTable("COMMAND", "SUMMARY");
        for (AdminCommand c : shown) {
            table.row(c.usage().isEmpty() ? c.name() : c.name() + " " + c.usage(), c.summary());
        }
        String text = "jfencectl [--json] [--socket PATH] [--timeout SECONDS] COMMAND [ARGS]\n\n" + table.render();
        return AdminReply.ok(text, shown.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("usage", c.usage());
            m.put("summary", c.summary());
            return m;
        }).toList());
    }
}
