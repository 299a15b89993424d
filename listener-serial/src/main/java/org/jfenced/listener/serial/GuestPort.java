package org.jfenced.listener.serial;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.RequestDispatcher;
import org.jfenced.spi.RequestDispatcher.Answer;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One guest port: the UNIX socket qemu binds for a guest's serial port or vmchannel, to which this
 * side connects as the client. A thread of its own reads requests and serves them one after the
 * other, so a guest that floods, stalls or sends garbage holds up only its own port. When the socket
 * closes or cannot be opened, it connects again after {@link #RECONNECT_DELAY} until {@link #close()}.
 * The requester, for the groups ACL, is the UUID of the VM the port belongs to: the port can be
 * reached only from inside that VM.
 */
final class GuestPort implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GuestPort.class);
    static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);
    /** Longer than any backend takes to answer: past it the request fails rather than holding the port. */
    static final Duration ANSWER_LIMIT = Duration.ofMinutes(2);

    private final Path path;
    private final String ownerUuid;
    private final RequestDispatcher dispatcher;
    private final Thread thread;
    private volatile boolean open = true;
    private volatile SocketChannel channel;

    private GuestPort(Path path, String ownerUuid, RequestDispatcher dispatcher) {
        this.path = path;
        this.ownerUuid = ownerUuid;
        this.dispatcher = dispatcher;
        this.thread = new Thread(this::run, "serial " + path.getFileName());
        thread.setDaemon(true);
    }

    /** Starts connecting to {@code path} and serving it. */
    static GuestPort open(Path path, String ownerUuid, RequestDispatcher dispatcher) {
        GuestPort port = new GuestPort(path, ownerUuid, dispatcher);
        port.thread.start();
        return port;
    }

    Path path() {
        return path;
    }

    private void run() {
        boolean reported = false;
        while (open) {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(path));
                channel = ch;
                if (!open) {
                    return;
                }
                LOG.info("serving guest port {} of VM {}", path, ownerUuid);
                reported = false;
                serve(ch);
                LOG.info("guest port {} closed; connecting again", path);
            } catch (IOException e) {
                if (open && !reported) {
                    LOG.warn("guest port {} of VM {}: {}; trying again every {} s", path, ownerUuid, e.getMessage(),
                            RECONNECT_DELAY.toSeconds());
                    reported = true;
                }
            } finally {
                channel = null;
            }
            pause();
        }
    }

    private void serve(SocketChannel ch) throws IOException {
        SerialFrameDecoder decoder = new SerialFrameDecoder();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (open) {
            buf.clear();
            int n = ch.read(buf);
            if (n < 0) {
                return;
            }
            long skippedBefore = decoder.skipped();
            List<SerialRequest> frames = decoder.feed(buf.array(), 0, n);
            if (decoder.skipped() > skippedBefore) {
                LOG.debug("guest port {}: skipped {} bytes that were not a request", path, decoder.skipped() - skippedBefore);
                dispatcher.dropped(SerialListener.NAME, DropReason.BAD_SIZE);
            }
            for (SerialRequest frame : frames) {
                answer(ch, frame);
            }
        }
    }

    private void answer(SocketChannel ch, SerialRequest frame) throws IOException {
        FenceAction action = FenceAction.fromCode(frame.request());
        if (action == null) {
            LOG.warn("guest port {}: unknown request {}; answering failure", path, frame.request());
            write(ch, SerialReplies.result(FenceResult.FAIL));
            return;
        }
        FenceRequest request = new FenceRequest(action, frame.domain(), ownerUuid, frame.seqno(), SerialListener.NAME);
        Answer answer = await(dispatcher.serve(request).toCompletableFuture());
        if (answer instanceof Answer.Duplicate) {
            LOG.info("{}: answered a moment ago or being answered; dropped", request);
            return;
        }
        // the dispatcher has remembered the request: it happened whether or not this write succeeds
        write(ch, answer instanceof Answer.HostList list ? SerialReplies.hostList(list.vms())
                : SerialReplies.result(answer instanceof Answer.Result r ? r.result() : FenceResult.FAIL));
    }

    /** The answer, or a failure if none comes in time: never a success that was not given. */
    private Answer await(CompletableFuture<Answer> answer) {
        try {
            return answer.get(ANSWER_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.error("guest port {}: no answer from the daemon within {} s ({}); answering failure", path,
                    ANSWER_LIMIT.toSeconds(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Answer.Result(FenceResult.FAIL);
    }

    private static void write(SocketChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_DELAY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            open = false;
        }
    }

    /** Stops serving and reconnecting and closes the socket; a request being answered gets no answer. */
    @Override
    public void close() {
        open = false;
        SocketChannel ch = channel;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("closing guest port {}: {}", path, e.getMessage());
            }
        }
        thread.interrupt();
    }

    @Override
    public String toString() {
        return path + " of " + ownerUuid;
    }
}
