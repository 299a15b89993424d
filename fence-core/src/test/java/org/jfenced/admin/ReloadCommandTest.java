package org.jfenced.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.ConfigException;
import org.junit.jupiter.api.Test;

/** {@code jfencectl reload} says what changed, or why nothing did, and fails when nothing did. */
class ReloadCommandTest {

    private final FakeDaemon daemon = new FakeDaemon();

    @Test
    void aReloadThatWorkedListsTheChanges() throws Exception {
        AdminReply reply = new ReloadCommand(daemon).run(List.of(), new TestSession());

        assertEquals(AdminReply.OK, reply.exitCode());
        assertTrue(reply.text().contains("nothing changed"), reply.text());
        assertEquals(true, ((Map<?, ?>) reply.data()).get("reloaded"));
    }

    @Test
    void aRefusedReloadFailsWithTheReasonNamingFileAndKey() throws Exception {
        daemon.reloadRefusal = new ConfigException("/etc/fence_virt.conf:12: listeners/tcp/@port: changing it needs"
                + " a restart (running with \"1229\"); the running configuration stays in force");

        AdminReply reply = new ReloadCommand(daemon).run(List.of(), new TestSession());

        assertEquals(AdminReply.FAILED, reply.exitCode());
        assertTrue(reply.text().startsWith("reload refused, nothing changed: /etc/fence_virt.conf:12:"
                + " listeners/tcp/@port: changing it needs a restart"), reply.text());
        assertEquals(false, ((Map<?, ?>) reply.data()).get("reloaded"));
    }

    @Test
    void reloadTakesNoArguments() throws Exception {
        assertEquals(AdminReply.USAGE, new ReloadCommand(daemon).run(List.of("now"), new TestSession()).exitCode());
    }
}
