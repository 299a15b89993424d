package org.jfenced.xvm.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;
import org.jfenced.xvm.wire.HashType;
import org.jfenced.xvm.wire.HostListCodec;
import org.jfenced.xvm.wire.RequestCodec;
import org.junit.jupiter.api.Test;

class DispatchHandlerTest {

    private final SessionFixture f = new SessionFixture();
    private final EmbeddedChannel channel =
            new EmbeddedChannel(new DispatchHandler(f.dispatcher, f.drops, Duration.ofSeconds(10)));

    @Test
    void theResultIsOneByteAndTheConnectionCloses() {
        f.dispatcher.answers.put("vm1", CompletableFuture.completedFuture(FenceResult.FAIL));
        channel.writeInbound(SessionFixture.received(FenceAction.OFF, "vm1", 1));
        channel.runPendingTasks();
        assertArrayEquals(new byte[] {(byte) FenceResult.FAIL.code()}, SessionFixture.written(channel));
        assertFalse(channel.isOpen());
        assertEquals(1, f.dispatcher.dispatched.size());
    }

    @Test
    void theAnswerIsWrittenWhenTheBackendHasIt() {
        CompletableFuture<FenceResult> later = new CompletableFuture<>();
        f.dispatcher.answers.put("vm1", later);
        channel.writeInbound(SessionFixture.received(FenceAction.STATUS, "vm1", 1));
        channel.runPendingTasks();
        assertTrue(channel.isOpen());
        later.complete(FenceResult.SUCCESS);
        channel.runPendingTasks();
        assertArrayEquals(new byte[] {0}, SessionFixture.written(channel));
        assertFalse(channel.isOpen());
    }

    @Test
    void aListIsTheEncodedHostList() {
        List<VmInfo> vms = List.of(new VmInfo("vm1", "6f6e1f3c-58a2-4c38-a0f2-9b4a3c2e1d00", VmState.RUNNING));
        f.dispatcher.hostList = vms;
        channel.writeInbound(SessionFixture.received(FenceAction.HOSTLIST, "", 1));
        channel.runPendingTasks();
        assertArrayEquals(HostListCodec.encode(vms), SessionFixture.written(channel));
    }

    @Test
    void aDuplicateIsClosedWithoutAReply() {
        f.dispatcher.serve(SessionFixture.received(FenceAction.OFF, "vm1", 1).request().orElseThrow());
        channel.writeInbound(SessionFixture.received(FenceAction.OFF, "vm1", 1));
        channel.runPendingTasks();
        assertArrayEquals(new byte[0], SessionFixture.written(channel));
        assertFalse(channel.isOpen());
    }

    @Test
    void aCommandTheDaemonDoesNotServeIsAnsweredFailureWithoutTheDispatcher() {
        channel.writeInbound(new ReceivedRequest(RequestCodec.decode(RequestCodec.encode(
                42, HashType.SHA256, "vm1", null, 0, 1, 0, new byte[6], SessionFixture.KEY)), "192.0.2.7", "tcp",
                SessionFixture.PROVED));
        channel.runPendingTasks();
        assertArrayEquals(new byte[] {(byte) FenceResult.FAIL.code()}, SessionFixture.written(channel));
        assertEquals(List.of(), f.dispatcher.dispatched);
    }

    @Test
    void bytesTheClientSendsWhileServedAreIgnored() {
        f.dispatcher.answers.put("vm1", new CompletableFuture<>());
        channel.writeInbound(SessionFixture.received(FenceAction.OFF, "vm1", 1));
        channel.writeInbound(SessionFixture.bytes(new byte[] {1, 2, 3}));
        assertNull(channel.readInbound());
        assertTrue(channel.isOpen());
        assertEquals(1, f.dispatcher.dispatched.size());
    }
}
