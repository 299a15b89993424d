package org.jfenced.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jfenced.config.FenceConfig;
import org.junit.jupiter.api.Test;

class AclGroupsTest {

    private static AclGroups groups(String text) throws Exception {
        return AclGroups.from(FenceConfig.parse(text, "test.conf").root().section("groups"));
    }

    @Test
    void withoutGroupsEveryoneMayFenceEverything() throws Exception {
        assertTrue(groups("fence_virtd { listener = \"tcp\"; }").allows("203.0.113.5", "anything"));
    }

    @Test
    void aRequesterMayActOnTargetsOfItsOwnGroupsOnly() throws Exception {
        AclGroups acl = groups("""
                groups {
                  group { name = "c1"; ip = "192.168.1.1"; ip = "192.168.1.2"; uuid = "node1"; uuid = "node2"; }
                  group { name = "c2"; ip = "192.168.2.1"; uuid = "node3"; }
                }""");
        assertTrue(acl.allows("192.168.1.2", "node1"));
        assertTrue(acl.allows("192.168.1.1", "NODE2"));
        assertFalse(acl.allows("192.168.1.1", "node3"));
        assertTrue(acl.allows("192.168.2.1", "node3"));
        assertFalse(acl.allows("192.168.9.9", "node1"));
    }

    @Test
    void addressesAreExactStringsNotRanges() throws Exception {
        AclGroups acl = groups("groups { group { ip = \"192.168.1.0/24\"; uuid = \"vm\"; } }");
        assertFalse(acl.allows("192.168.1.7", "vm"));
    }

    @Test
    void namesAndUuidsBothWorkForTheHostList() throws Exception {
        AclGroups acl = groups("groups { group { ip = \"10.1.1.1\"; uuid = \"web\"; } }");
        assertTrue(acl.allowsAny("10.1.1.1", "6f1c7a52-0c1e-4c55-9d0a-0a1b2c3d4e01", "web"));
        assertFalse(acl.allowsAny("10.1.1.1", "6f1c7a52-0c1e-4c55-9d0a-0a1b2c3d4e02", "db"));
    }

    @Test
    void aVmRequesterIsLookedUpAmongTheGroupsUuids() throws Exception {
        AclGroups acl = groups("groups { group { uuid = \"6f1c7a52-0c1e-4c55-9d0a-0a1b2c3d4e01\";"
                + " uuid = \"peer\"; } }");
        assertTrue(acl.allows("6F1C7A52-0C1E-4C55-9D0A-0A1B2C3D4E01", "peer"));
        assertFalse(acl.allows("6f1c7a52-0c1e-4c55-9d0a-0a1b2c3d4e09", "peer"));
    }

    @Test
    void emptyGroupsAreDropped() throws Exception {
        AclGroups acl = groups("groups { group { name = \"nothing\"; } }");
        assertTrue(acl.isOpen());
    }

    @Test
    void aListenerRestrictedToOneGroupJudgesByThatGroupAlone() throws Exception {
        AclGroups acl = groups("""
                groups {
                  group { name = "cluster_a"; ip = "10.0.1.1"; uuid = "vm-a"; }
                  group { name = "cluster_b"; ip = "10.0.2.1"; uuid = "vm-b"; }
                }""");
        AclGroups onlyB = acl.restrictedTo(List.of("cluster_b"));

        assertTrue(onlyB.allows("10.0.2.1", "vm-b"));
        assertFalse(onlyB.allows("10.0.1.1", "vm-a"), "cluster a's client through cluster b's listener");
        assertTrue(acl.allows("10.0.1.1", "vm-a"));
    }

    @Test
    void namingAGroupThatDoesNotExistIsAnError() throws Exception {
        AclGroups acl = groups("groups { group { name = \"a\"; ip = \"10.0.0.1\"; uuid = \"vm\"; } }");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> acl.restrictedTo(List.of("b")));
        assertEquals("no group is called \"b\" (groups: a)", e.getMessage());
    }

    @Test
    void aListenerRestrictedToGroupsIsNeverOpen() throws Exception {
        AclGroups acl = groups("groups { group { name = \"a\"; ip = \"10.0.0.1\"; uuid = \"vm\"; } }");

        assertFalse(acl.restrictedTo(List.of("a")).isOpen());
        assertFalse(acl.restrictedTo(List.of("a")).allows("10.0.0.2", "vm"));
    }
}
