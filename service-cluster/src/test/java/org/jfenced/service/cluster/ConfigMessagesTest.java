package org.jfenced.service.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.jfenced.service.cluster.wire.ClusterMessage;
import org.jfenced.service.cluster.wire.OfferAnswer;
import org.junit.jupiter.api.Test;

/** Offers and answers survive the wire; what a member cannot read is named, not guessed at. */
class ConfigMessagesTest {

    private static final OfferId ID = new OfferId(0xfffffffe, 31337, Long.MAX_VALUE);

    @Test
    void anOfferKeepsItsFileItsHashAndAnUnsignedNodeId() throws Exception {
        Offer sent = Offer.of(ID, 12, "totem {\n\tconfig_version: 12\n}\n".getBytes(StandardCharsets.UTF_8));

        Offer received = (Offer) ConfigMessages.decode(ConfigMessages.encode(sent));

        assertEquals(ID, received.id());
        assertEquals(4294967294L, Integer.toUnsignedLong(received.id().originNodeId()));
        assertEquals(12, received.configVersion());
        assertArrayEquals(sent.file(), received.file());
        assertArrayEquals(sent.sha256(), received.sha256());
        assertTrue(received.intact());
    }

    @Test
    void everyOutcomeOfAnAnswerSurvives() throws Exception {
        for (Answer sent : new Answer[] {Answer.written(ID, 5, "/var/lib/jfenced/corosync.conf.x"),
                Answer.kept(ID, 6, true), Answer.kept(ID, 6, false), Answer.refused(ID, "not ours"),
                Answer.failed(ID, "disk full")}) {
            assertEquals(sent, ConfigMessages.decode(ConfigMessages.encode(sent)));
        }
    }

    @Test
    void anotherProtocolVersionAnEmptyMessageAndGarbageAreUnreadable() {
        byte[] future = ClusterMessage.newBuilder().setVersion(ConfigMessages.PROTOCOL_VERSION + 1).build().toByteArray();
        assertEquals("protocol version 2, this member speaks 1", assertThrows(ConfigMessages.UnreadableMessage.class,
                () -> ConfigMessages.decode(future)).getMessage());
        byte[] empty = ClusterMessage.newBuilder().setVersion(ConfigMessages.PROTOCOL_VERSION).build().toByteArray();
        assertEquals("a cluster group message without a body", assertThrows(ConfigMessages.UnreadableMessage.class,
                () -> ConfigMessages.decode(empty)).getMessage());
        byte[] noOutcome = ClusterMessage.newBuilder().setVersion(ConfigMessages.PROTOCOL_VERSION)
                .setAnswer(OfferAnswer.newBuilder()).build().toByteArray();
        assertEquals("an answer with outcome UNKNOWN", assertThrows(ConfigMessages.UnreadableMessage.class,
                () -> ConfigMessages.decode(noOutcome)).getMessage());
        assertTrue(assertThrows(ConfigMessages.UnreadableMessage.class, () -> ConfigMessages.decode(new byte[] {(byte) 0xff}))
                .getMessage().startsWith("not a cluster group message (1 bytes)"));
    }
}
