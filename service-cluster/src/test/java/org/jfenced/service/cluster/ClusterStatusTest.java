package org.jfenced.service.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfenced.nativelib.quorum.QuorumState;
import org.jfenced.spi.AdminReply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status and nodes put the file's nodelist next to what corosync reports, and name every difference. */
class ClusterStatusTest {

    @TempDir
    Path dir;

    private ClusterHost host;

    @BeforeEach
    void clusterOfThree() throws IOException {
        host = ClusterHost.ofThree(dir);
    }

    @Test
    void withoutCorosyncStatusShowsTheFileAndSaysCorosyncDoesNotAnswer() throws IOException {
        AdminReply reply = host.ok("status");

        assertEquals("""
                cluster         demo
                config          %s, config_version 3
                transport       knet, encryption aes256/sha256
                corosync        not reachable: corosync does not answer (votequorum_initialize: CS_ERR_LIBRARY (2)); is it running?

                NODEID  NAME  VOTES  LINK0       MEMBER
                1       pve1  1      192.0.2.11  ?
                2       pve2  1      192.0.2.12  ?
                3       pve3  2      192.0.2.13  ?
                """.formatted(host.conf), reply.text());
    }

    @Test
    void aHealthyClusterHasNoDifferences() throws IOException {
        host.corosync = Optional.of(new QuorumState(true, 4, 4, 4, 3, List.of(1, 2, 3)));

        AdminReply reply = host.ok("nodes");

        assertEquals("""
                NODEID  NAME  VOTES  LINK0       MEMBER
                1       pve1  1      192.0.2.11  yes
                2       pve2  1      192.0.2.12  yes
                3       pve3  2      192.0.2.13  yes
                """, reply.text());
        assertEquals(List.of(), data(reply).get("differences"));
    }

    @Test
    void aDownNodeAnUnknownMemberAndHandSetExpectedVotesAreFlagged() throws IOException {
        host.corosync = Optional.of(new QuorumState(true, 3, 3, 3, 2, List.of(1, 2, 4)));

        AdminReply reply = host.ok("status");

        assertTrue(reply.text().endsWith("""
                NODEID  NAME  VOTES  LINK0       MEMBER
                1       pve1  1      192.0.2.11  yes
                2       pve2  1      192.0.2.12  yes
                3       pve3  2      192.0.2.13  no
                4       -     -      -           yes, not in file

                differences between %s and the running cluster:
                  node "pve3" (id 3) is configured but not a member: down, unreachable, or not started with this cluster's config
                  node id 4 is a member but not in the file: the file was changed and not yet reloaded (corosync-cfgtool -R), or differs between nodes
                  expected votes are 3 but the file's nodes have 4: set with "cluster expected", or the file changed since corosync read it
                """.formatted(host.conf)), reply.text());
        assertEquals(3, ((List<?>) data(reply).get("differences")).size());
        assertEquals(false, ((Map<?, ?>) ((List<?>) data(reply).get("nodes")).get(2)).get("member"));
    }

    @Test
    void expectedVotesGoToTheRunningCorosync() throws IOException {
        host.corosync = Optional.of(new QuorumState(false, 4, 4, 2, 3, List.of(1, 2)));

        AdminReply reply = host.ok("expected 2");

        assertEquals("expected votes set to 2 on the running cluster (until corosync restarts)\n", reply.text());
        assertEquals(List.of(2), host.expectedVotesSet);
    }

    @Test
    void expectedVotesWithoutCorosyncFail() throws IOException {
        AdminReply reply = host.run("expected 2");

        assertEquals(AdminReply.FAILED, reply.exitCode());
        assertEquals("cannot set expected votes: corosync does not answer (votequorum_setexpected: CS_ERR_LIBRARY (2));"
                + " is it running?\n", reply.text());
    }

    @Test
    void delnodeOfANodeStillRunningSaysToStopItFirst() throws IOException {
        host.corosync = Optional.of(new QuorumState(true, 4, 4, 4, 3, List.of(1, 2, 3)));

        AdminReply reply = host.ok("delnode pve2");

        assertEquals("""
                removed node "pve2" (id 2) from cluster demo (config_version 4)
                node id 2 is still a member: stop corosync there (and keep it from coming back with the old file), \
                then copy %s to the other nodes and run corosync-cfgtool -R
                """.formatted(host.conf), reply.text());
        assertEquals(true, data(reply).get("still_member"));
    }

    @Test
    void delnodeOfAStoppedNodeSaysToCopyAndReload() throws IOException {
        host.corosync = Optional.of(new QuorumState(true, 4, 4, 3, 3, List.of(1, 3)));

        AdminReply reply = host.ok("delnode pve2");

        assertTrue(reply.text().endsWith("\ncopy " + host.conf + " to the other nodes and run corosync-cfgtool -R on"
                + " one of them\n"), reply.text());
        assertEquals(false, data(reply).get("still_member"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(AdminReply reply) {
        return (Map<String, Object>) reply.data();
    }
}
