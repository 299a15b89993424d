package org.jfenced.admin;

import static org.jfenced.admin.StatusCommandTest.list;
import static org.jfenced.admin.StatusCommandTest.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jfenced.spi.AdminReply;
import org.junit.jupiter.api.Test;

class PluginsAndHelpTest {

    private final FakeDaemon daemon = new FakeDaemon();

    @Test
    void pluginsListsEveryPluginFoundWithOriginAndWhetherItIsInUse() throws Exception {
        AdminReply reply = new PluginsCommand(daemon).run(List.of(), new TestSession());
        assertEquals("""
                NAME     KIND      VERSION  IN USE  ORIGIN
                libvirt  backend   1.0      yes     /opt/jfenced/lib/backend-libvirt.jar
                serial   listener  1.0      no      /opt/jfenced/plugins/serial.jar
                tcp      listener  1.0      yes     /opt/jfenced/lib/listener-tcp.jar
                """, reply.text());
        assertEquals(false, map(list(reply.data()).get(1)).get("in_use"));
    }

    @Test
    void helpListsThePluginsCommandsBesideTheDaemonsOwn() throws Exception {
        AdminCommands commands = AdminCommands.withBuiltins(daemon);
        commands.register(AdminCommandsTest.command("cluster"));
        AdminReply reply = commands.find("help").orElseThrow().run(List.of(), new TestSession());
        assertTrue(reply.text().matches("(?s).*\ncluster +does cluster\n.*"), reply.text());
        assertTrue(reply.text().matches("(?s).*\nhistory \\[-n N] \\[--vm VM].* +the last N requests.*"), reply.text());
        AdminReply one = commands.find("help").orElseThrow().run(List.of("fence"), new TestSession());
        assertEquals(1, list(one.data()).size());
        assertEquals(AdminReply.USAGE, commands.find("help").orElseThrow().run(List.of("nope"), new TestSession())
                .exitCode());
    }
}
