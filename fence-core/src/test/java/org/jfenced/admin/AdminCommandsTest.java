package org.jfenced.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jfenced.spi.AdminCommand;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.AdminSession;
import org.junit.jupiter.api.Test;

class AdminCommandsTest {

    static AdminCommand command(String name) {
        return new AdminCommand() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String summary() {
                return "does " + name;
            }

            @Override
            public AdminReply run(List<String> args, AdminSession session) {
                return AdminReply.ok(name + " " + args, args);
            }
        };
    }

    @Test
    void aPluginCannotTakeTheNameOfABuiltInCommand() {
        AdminCommands commands = AdminCommands.withBuiltins(new FakeDaemon());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> commands.register(command("status")));
        assertTrue(e.getMessage().contains("admin command \"status\""), e.getMessage());
    }

    @Test
    void namesAreLowerCaseWordsAndFoundCaseInsensitively() {
        AdminCommands commands = new AdminCommands();
        commands.register(command("cluster"));
        assertThrows(IllegalArgumentException.class, () -> commands.register(command("Backup")));
        assertThrows(IllegalArgumentException.class, () -> commands.register(command("two words")));
        assertEquals("cluster", commands.find("CLUSTER").orElseThrow().name());
        assertTrue(commands.find("backup").isEmpty());
    }

    @Test
    void theBuiltInsAreTheIssuesCommands() {
        assertEquals(List.of("explain", "fence", "help", "history", "members", "metrics", "plugins", "reload",
                "selftest", "status", "vms"),
                AdminCommands.withBuiltins(new FakeDaemon()).all().stream().map(AdminCommand::name).toList());
    }
}
