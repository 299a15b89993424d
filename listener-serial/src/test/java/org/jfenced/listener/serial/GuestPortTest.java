package org.jfenced.listener.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.RecordingDispatcher;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A guest port against a UNIX socket this test binds, as qemu does for a guest's serial port. */
@Timeout(60)
class GuestPortTest {

    private static final String OWNER = "6a666e63-6775-4573-8000-000000000001";

    @TempDir
    Path dir;
    private final RecordingDispatcher dispatcher = new RecordingDispatcher();
    private GuestPort port;

    @AfterEach
    void closePort() {
        if (port != null) {
            port.close();
        }
    }

    @Test
    void aRequestIsAnsweredWithTheMagicAndTheResultAndTheOwningVmAsks() throws Exception {
        dispatcher.answers.put("guest1", CompletableFuture.completedFuture(FenceResult.OFF));
        try (ServerSocketChannel qemu = bind("g1.sock")) {
            port = GuestPort.open(dir.resolve("g1.sock"), OWNER, dispatcher);
            try (SocketChannel guest = qemu.accept()) {
                write(guest, SerialFrames.STATUS_GUEST1);

                assertArrayEquals(HexFormat.of().parseHex("6162626102"), read(guest, 5));
            }
        }
        assertEquals(List.of(new FenceRequest(FenceAction.STATUS, "guest1", OWNER, 462663, "serial")), dispatcher.dispatched);
    }

    @Test
    void garbageIsSkippedNeverActedOnAndTheNextRequestIsServed() throws Exception {
        try (ServerSocketChannel qemu = bind("g1.sock")) {
            port = GuestPort.open(dir.resolve("g1.sock"), OWNER, dispatcher);
            try (SocketChannel guest = qemu.accept()) {
                write(guest, "\r\nDebian GNU/Linux 12 jfguest ttyS1\r\n\r\njfguest login: ".getBytes(StandardCharsets.US_ASCII));
                write(guest, SerialFrames.frame(1, "g2", 7));

                assertArrayEquals(HexFormat.of().parseHex("6162626100"), read(guest, 5));
            }
        }
        assertEquals(1, dispatcher.dispatched.size());
        assertEquals(FenceAction.OFF, dispatcher.dispatched.get(0).action());
        assertTrue(dispatcher.drops.contains(DropReason.BAD_SIZE));
    }

    @Test
    void theHostListGoesOutInSerialFraming() throws Exception {
        dispatcher.hostList = List.of(new VmInfo("g1", OWNER, VmState.RUNNING));
        try (ServerSocketChannel qemu = bind("g1.sock")) {
            port = GuestPort.open(dir.resolve("g1.sock"), OWNER, dispatcher);
            try (SocketChannel guest = qemu.accept()) {
                write(guest, SerialFrames.LIST);

                byte[] reply = read(guest, 5 + 130 + 130 + 5);
                assertArrayEquals(SerialReplies.hostList(dispatcher.hostList), reply);
            }
        }
    }

    @Test
    void aRepeatedRequestIsDroppedAsTheDaemonsHistorySays() throws Exception {
        try (ServerSocketChannel qemu = bind("g1.sock")) {
            port = GuestPort.open(dir.resolve("g1.sock"), OWNER, dispatcher);
            try (SocketChannel guest = qemu.accept()) {
                write(guest, SerialFrames.frame(1, "g2", 9));
                read(guest, 5);
                write(guest, SerialFrames.frame(1, "g2", 9));
                write(guest, SerialFrames.frame(4, "g2", 10));

                assertArrayEquals(HexFormat.of().parseHex("6162626100"), read(guest, 5), "only the status is answered");
            }
        }
        assertEquals(2, dispatcher.dispatched.size());
    }

    @Test
    void anUnknownRequestIsAnsweredWithFailureAndReachesNobody() throws Exception {
        try (ServerSocketChannel qemu = bind("g1.sock")) {
            port = GuestPort.open(dir.resolve("g1.sock"), OWNER, dispatcher);
            try (SocketChannel guest = qemu.accept()) {
                write(guest, SerialFrames.frame(0x42, "g2", 1));

                assertArrayEquals(HexFormat.of().parseHex("6162626101"), read(guest, 5));
            }
        }
        assertTrue(dispatcher.dispatched.isEmpty());
    }

    @Test
    void aClosedSocketIsConnectedAgain() throws Exception {
        try (ServerSocketChannel qemu = bind("g1.sock")) {
            port = GuestPort.open(dir.resolve("g1.sock"), OWNER, dispatcher);
            qemu.accept().close();
            try (SocketChannel again = qemu.accept()) {
                write(again, SerialFrames.frame(4, "g2", 3));

                assertArrayEquals(HexFormat.of().parseHex("6162626100"), read(again, 5));
            }
        }
    }

    @Test
    void aPortWhoseAnswerIsSlowHoldsUpNoOtherPort() throws Exception {
        CompletableFuture<FenceResult> slow = new CompletableFuture<>();
        dispatcher.answers.put("slow", slow);
        try (ServerSocketChannel qemu1 = bind("g1.sock"); ServerSocketChannel qemu2 = bind("g2.sock")) {
            port = GuestPort.open(dir.resolve("g1.sock"), OWNER, dispatcher);
            try (GuestPort other = GuestPort.open(dir.resolve("g2.sock"), "other", dispatcher);
                    SocketChannel guest1 = qemu1.accept(); SocketChannel guest2 = qemu2.accept()) {
                write(guest1, SerialFrames.frame(1, "slow", 1));
                write(guest2, SerialFrames.frame(4, "fast", 2));

                assertArrayEquals(HexFormat.of().parseHex("6162626100"), read(guest2, 5));
                slow.complete(FenceResult.FAIL);
                assertArrayEquals(HexFormat.of().parseHex("6162626101"), read(guest1, 5));
            }
        }
    }

    private ServerSocketChannel bind(String name) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(dir.resolve(name)));
        return s;
    }

    private static void write(SocketChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static byte[] read(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException("closed after " + b.position() + " of " + n + " bytes");
            }
        }
        return b.array();
    }
}
