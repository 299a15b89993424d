package org.jfenced.xvm.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.RecordingDispatcher;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.jfenced.xvm.wire.HashType;
import org.jfenced.xvm.wire.RequestCodec;

/** Keys, signed requests and a recording dispatcher for the session handlers' tests. */
final class SessionFixture {

    static final byte[] KEY = "session-test-key\n".getBytes(StandardCharsets.US_ASCII);
    static final String LISTENER = "tcp";

    final RecordingDispatcher dispatcher = new RecordingDispatcher();
    final SessionDrops drops = new SessionDrops(dispatcher, LISTENER);
    final AuthSettings sha256 = new AuthSettings(HashType.SHA256, HashType.SHA256, KEY);

    static byte[] request(FenceAction action, String domain, long seqno, HashType hash, byte[] key) {
        return RequestCodec.encode(action.code(), hash, domain, null, 0, seqno, 0, new byte[6], key);
    }

    static byte[] request(FenceAction action, String domain, long seqno) {
        return request(action, domain, seqno, HashType.SHA256, KEY);
    }

    /** The key a request signed with {@link #KEY} proves to a sha256 listener. */
    static final SessionKey PROVED = new SessionKey(HashType.SHA256, KEY);

    static ReceivedRequest received(FenceAction action, String domain, long seqno) {
        return received(new AuthSettings(HashType.SHA256, HashType.SHA256, KEY), action, domain, seqno);
    }

    /** A request as {@code auth} verified it, carrying the key (and auth algorithm) it proved. */
    static ReceivedRequest received(AuthSettings auth, FenceAction action, String domain, long seqno) {
        byte[] raw = request(action, domain, seqno);
        return new ReceivedRequest(RequestCodec.decode(raw), "192.0.2.7", LISTENER, auth.verify(raw).orElseThrow());
    }

    static ByteBuf bytes(byte[]... parts) {
        return Unpooled.wrappedBuffer(parts);
    }

    /** Moves the channel's (frozen) clock on and runs what became due. */
    static void elapse(EmbeddedChannel channel, long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    /** Checks that the connection is open until {@code deadline} has passed and then dropped once, timed out. */
    void assertTimedOutAt(EmbeddedChannel channel, Duration deadline) {
        elapse(channel, deadline.toMillis() - 1);
        assertTrue(channel.isOpen(), "open until the deadline");
        elapse(channel, 1);
        assertFalse(channel.isOpen(), "closed at the deadline");
        assertEquals(List.of(DropReason.TIMEOUT), dispatcher.drops);
    }

    /** What the channel wrote, as one array; empty if nothing. */
    static byte[] written(EmbeddedChannel channel) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b = channel.readOutbound(); b != null; b = channel.readOutbound()) {
            all.writeBytes(b);
            b.release();
        }
        byte[] out = new byte[all.readableBytes()];
        all.readBytes(out);
        all.release();
        return out;
    }
}
