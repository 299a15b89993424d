package org.jfenced.listener.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Newcomers always get in; the connection silent longest makes room, from a flooding address its own. */
class WaitingConnectionsTest {

    private final WaitingConnections<String> waiting = new WaitingConnections<>(6, 3);

    @Test
    void whenFullTheConnectionSilentLongestMakesRoom() {
        waiting.admit("a1", "10.0.0.1");
        waiting.admit("b1", "10.0.0.2");
        waiting.admit("c1", "10.0.0.3");
        waiting.admit("d1", "10.0.0.4");
        waiting.admit("e1", "10.0.0.5");
        waiting.admit("f1", "10.0.0.6");
        waiting.active("a1");
        assertEquals(Optional.of("b1"), waiting.admit("g1", "10.0.0.7"), "a1 spoke since, b1 did not");
        assertEquals(Optional.of("c1"), waiting.admit("h1", "10.0.0.8"));
        assertEquals(6, waiting.size());
    }

    @Test
    void anAddressHoldingItsShareLosesItsOwnConnectionsNotOthers() {
        waiting.admit("ok", "10.0.0.9");
        waiting.admit("x1", "10.0.0.66");
        waiting.admit("x2", "10.0.0.66");
        waiting.admit("x3", "10.0.0.66");
        for (int i = 4; i < 100; i++) {
            Optional<String> evicted = waiting.admit("x" + i, "10.0.0.66");
            assertEquals(Optional.of("x" + (i - 3)), evicted);
        }
        assertEquals(4, waiting.size());
        assertTrue(waiting.remove("ok"), "the other address's connection is still there");
    }

    @Test
    void aNewcomerIsNeverTheOneThatGoes() {
        for (int i = 0; i < 1000; i++) {
            String c = "c" + i;
            assertTrue(waiting.admit(c, "127.0.0.1").map(e -> !e.equals(c)).orElse(true));
        }
        assertEquals(3, waiting.size());
    }

    @Test
    void aConnectionWhoseRequestArrivedIsForgotten() {
        waiting.admit("a", "10.0.0.1");
        assertTrue(waiting.remove("a"));
        assertFalse(waiting.remove("a"));
        waiting.active("a");
        assertEquals(0, waiting.size());
    }
}
