package org.jfenced.xvm.session;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import java.time.Duration;
import java.util.function.Function;
import org.jfenced.spi.RequestDispatcher;

/**
 * The daemon's side of fence_virt's stream session (TCP, vsock, a multicast connect-back), as the
 * handlers it adds to a connection's pipeline: {@link RequestFrameDecoder} (the 176-byte request, with
 * the first-bytes deadline) → {@link RequestVerifyHandler} (signature, duplicate history) →
 * {@link ChallengeResponseHandler} → {@link DispatchHandler} (serve, reply, close). A connect-back starts
 * at the challenge with the request its datagram carried. One instance serves a listener's every
 * connection; the handlers it adds hold each connection's state.
 */
public final class FenceSession {

    /** Time limits of the exchange: fence_virtd allows 10 s per authentication step. */
    public record Timeouts(Duration request, Duration step, Duration replyWrite) {
        public static final Timeouts DEFAULT =
                new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    private final AuthSettings auth;
    private final RequestDispatcher dispatcher;
    private final String listener;
    private final Timeouts timeouts;
    private final RequestVerifier verifier;
    private final SessionDrops drops;

    /** @param listener the listener's name, for the drop counters and the requests' origin */
    public FenceSession(AuthSettings auth, RequestDispatcher dispatcher, String listener, Timeouts timeouts) {
        this.auth = auth;
        this.dispatcher = dispatcher;
        this.listener = listener;
        this.timeouts = timeouts;
        this.verifier = new RequestVerifier(auth, dispatcher);
        this.drops = new SessionDrops(dispatcher, listener);
    }

    /**
     * Adds a session that first reads its request from the stream.
     *
     * @param sourceOf the requester as the ACL sees it (the peer's address, the guest's CID)
     */
    public void readingRequest(ChannelPipeline pipeline, Function<ChannelHandlerContext, String> sourceOf) {
        pipeline.addLast(new RequestFrameDecoder(drops, timeouts.request()),
                new RequestVerifyHandler(verifier, drops, listener, sourceOf),
                new ChallengeResponseHandler(drops, timeouts.step(), null),
                new DispatchHandler(dispatcher, drops, timeouts.replyWrite()));
    }

    /** Adds a session for a request that arrived and was verified already (multicast connect-back). */
    public void forRequest(ChannelPipeline pipeline, ReceivedRequest request) {
        pipeline.addLast(new ChallengeResponseHandler(drops, timeouts.step(), request),
                new DispatchHandler(dispatcher, drops, timeouts.replyWrite()));
    }
}
