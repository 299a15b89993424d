package org.jfenced.admin;

import static org.jfenced.admin.StatusCommandTest.list;
import static org.jfenced.admin.StatusCommandTest.map;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.Membership;
import org.jfenced.spi.PlacedVm;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.Test;

/** {@code vms} and {@code members}, standalone and as one node of a cluster. */
class ClusterCommandsTest {

    private final FakeDaemon daemon = new FakeDaemon();

    private void joinCluster() {
        daemon.backend.membership = Optional.of(new Membership("jfenced", 1, List.of(1L, 2L, 3L), true));
        daemon.backend.remote = List.of(new PlacedVm(new VmInfo("vm-app", "33333333-3333-3333-3333-333333333333",
                VmState.RUNNING), "3", false));
    }

    @Test
    void aStandaloneBackendOwnsEveryVmItself() throws Exception {
        AdminReply reply = new VmsCommand(daemon).run(List.of(), new TestSession());
        assertEquals("""
                NAME    UUID                                  STATE    OWNER
                vm-db   22222222-2222-2222-2222-222222222222  shutoff  local
                vm-web  11111111-1111-1111-1111-111111111111  running  local
                """, reply.text());
        assertEquals(Map.of("name", "vm-db", "uuid", FakeDaemon.DB, "state", "shutoff", "owner", "local", "local", true),
                map(list(reply.data()).get(0)));
    }

    @Test
    void inAClusterVmsShowTheirOwnerNodeAndMarkThisOne() throws Exception {
        joinCluster();
        AdminReply reply = new VmsCommand(daemon).run(List.of(), new TestSession());
        assertEquals("""
                NAME    UUID                                  STATE    OWNER
                vm-app  33333333-3333-3333-3333-333333333333  running  3
                vm-db   22222222-2222-2222-2222-222222222222  shutoff  1 (me)
                vm-web  11111111-1111-1111-1111-111111111111  running  1 (me)
                """, reply.text());
        assertEquals(false, map(list(reply.data()).get(0)).get("local"));
    }

    @Test
    void membersShowWhichNodeIsMeAndWhichIsHighest() throws Exception {
        joinCluster();
        AdminReply reply = new MembersCommand(daemon).run(List.of(), new TestSession());
        assertEquals("""
                group jfenced, quorate
                NODE  ROLE
                   1  me
                   2  -
                   3  highest
                """, reply.text());
        Map<String, Object> data = map(reply.data());
        assertEquals(true, data.get("clustered"));
        assertEquals(3L, data.get("highest"));
        assertEquals(Map.of("node_id", 1L, "me", true, "highest", false), map(list(data.get("members")).get(0)));
    }

    @Test
    void withoutAClusterMembersSaysSo() throws Exception {
        AdminReply reply = new MembersCommand(daemon).run(List.of(), new TestSession());
        assertEquals("no cluster: backend libvirt serves this host alone\n", reply.text());
        assertEquals(Map.of("clustered", false, "members", List.of()), reply.data());
    }
}
