package org.jfenced.listener.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Connections through the admission handler: displaced while silent, capped once their request is in. */
class ConnectionAdmissionTest {

    private static final int REQUEST = 176;

    private final ConnectionAdmission admission = new ConnectionAdmission(8, 2);

    private EmbeddedChannel connect() {
        return new EmbeddedChannel(new AdmissionHandler(admission, REQUEST, ctx -> "127.0.0.1"));
    }

    @Test
    void aSilentConnectionIsClosedToLetANewcomerIn() {
        List<EmbeddedChannel> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            held.add(connect());
        }
        EmbeddedChannel newcomer = connect();
        assertFalse(held.get(0).isOpen(), "the quarter of 8 one address may hold is 2: the oldest went");
        assertTrue(held.get(1).isOpen());
        assertTrue(newcomer.isOpen());
        assertEquals(2, admission.waiting());
    }

    @Test
    void bytesPassThroughAndAFullRequestLeavesTheWaitingConnections() {
        EmbeddedChannel c = connect();
        c.writeInbound(Unpooled.wrappedBuffer(new byte[100]));
        assertEquals(1, admission.waiting());
        c.writeInbound(Unpooled.wrappedBuffer(new byte[76]));
        assertEquals(0, admission.waiting());
        assertEquals(1, admission.working());
        assertEquals(100, c.<ByteBuf>readInbound().readableBytes());
        c.close();
        assertEquals(0, admission.working());
    }

    @Test
    void beyondMaxConnectionsARequestIsClosedUnanswered() {
        EmbeddedChannel first = connect();
        EmbeddedChannel second = connect();
        first.writeInbound(Unpooled.wrappedBuffer(new byte[REQUEST]));
        second.writeInbound(Unpooled.wrappedBuffer(new byte[REQUEST]));
        EmbeddedChannel third = connect();
        third.writeInbound(Unpooled.wrappedBuffer(new byte[REQUEST]));
        assertFalse(third.isOpen());
        assertTrue(first.isOpen() && second.isOpen());
        assertEquals(2, admission.working());
        first.close();
        EmbeddedChannel fourth = connect();
        fourth.writeInbound(Unpooled.wrappedBuffer(new byte[REQUEST]));
        assertTrue(fourth.isOpen(), "a place in progress freed up");
    }
}
