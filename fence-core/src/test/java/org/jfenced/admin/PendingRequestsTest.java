package org.jfenced.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Who pays when the admin socket's waiting connections are too many: always the one who holds them. */
class PendingRequestsTest {

    private final PendingRequests<String> pending = new PendingRequests<>(new PendingRequests.Limits(3, 1, 5));

    @Test
    void aUserOverItsCapLosesItsOwnOldestConnection() {
        assertEquals(List.of(), pending.admit("a1", "alice", true));
        assertEquals(List.of(), pending.admit("a2", "alice", true));
        assertEquals(List.of(), pending.admit("a3", "alice", true));
        assertEquals(List.of("a1"), pending.admit("a4", "alice", true));
        assertEquals(List.of("a2"), pending.admit("a5", "alice", true));
        assertEquals(3, pending.size());
    }

    @Test
    void aUserTheDaemonWillRefuseMayKeepOnlyOneWaiting() {
        assertEquals(List.of(), pending.admit("m1", "mallory", false));
        assertEquals(List.of("m1"), pending.admit("m2", "mallory", false));
        assertEquals(1, pending.size());
    }

    @Test
    void whenFullARefusedUsersConnectionMakesRoomForAnAllowedOne() {
        pending.admit("a1", "alice", true);
        pending.admit("a2", "alice", true);
        pending.admit("m1", "mallory", false);
        pending.admit("e1", "eve", false);
        pending.admit("r1", "root", true);
        assertEquals(List.of("m1"), pending.admit("r2", "root", true));
        assertEquals(List.of("e1"), pending.admit("b1", "bob", true));
        assertEquals(5, pending.size());
    }

    @Test
    void anAllowedUsersConnectionIsNeverClosedForSomebodyElse() {
        pending.admit("a1", "alice", true);
        pending.admit("a2", "alice", true);
        pending.admit("a3", "alice", true);
        pending.admit("r1", "root", true);
        pending.admit("r2", "root", true);
        assertEquals(List.of("b1"), pending.admit("b1", "bob", true), "the newcomer is turned away instead");
        assertEquals(List.of("m1"), pending.admit("m1", "mallory", false));
        assertEquals(List.of("a1"), pending.admit("a4", "alice", true), "alice still makes room for herself");
        assertEquals(5, pending.size());
    }

    @Test
    void aCompletedOrClosedConnectionFreesItsPlace() {
        pending.admit("a1", "alice", true);
        pending.admit("a2", "alice", true);
        pending.admit("a3", "alice", true);
        pending.remove("a2", "alice");
        pending.remove("gone", "alice");
        assertEquals(List.of(), pending.admit("a4", "alice", true));
        assertEquals(3, pending.size());
    }
}
