package org.jfenced.listener.multicast;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.OptionalInt;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.jfenced.spi.RequestDispatcher;
import org.jfenced.xvm.session.AuthSettings;
import org.jfenced.xvm.session.ReceivedRequest;
import org.jfenced.xvm.session.RequestVerifier;
import org.jfenced.xvm.session.RequestVerifier.Verdict;
import org.jfenced.xvm.wire.FenceWireRequest;
import org.jfenced.xvm.wire.RequestCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides for each datagram whether it earns a connect-back: only a request of exactly 176 bytes,
 * signed with the key at the minimum hash or better, naming a reachable callback address, and not a
 * copy of a request that is being served or was answered in the last 10 seconds (the checks of
 * {@link RequestVerifier}, which a stream session's request passes too). Everything else is counted and
 * dropped here, before any connection is made.
 *
 * <p>Anyone who can reach the group can send datagrams, so drops of unsigned input are logged at
 * debug level only: a flood must not become a flood of log lines.
 */
final class RequestDatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDatagramHandler.class);

    /** Where accepted requests go: the connect-back. */
    interface CallBack {
        void callBack(ReceivedRequest request, InetSocketAddress target);
    }

    private final RequestVerifier verifier;
    private final RequestDispatcher dispatcher;
    private final OptionalInt soleInterface;
    private final CallBack callBack;

    /**
     * @param soleInterface the index of the only interface the listener joined on, if it joined on one:
     *     the link of link-local callback addresses from senders that are not link-local themselves
     */
    RequestDatagramHandler(AuthSettings auth, RequestDispatcher dispatcher, OptionalInt soleInterface,
            CallBack callBack) {
        this.verifier = new RequestVerifier(auth, dispatcher);
        this.dispatcher = dispatcher;
        this.soleInterface = soleInterface;
        this.callBack = callBack;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        InetSocketAddress sender = packet.sender();
        int length = packet.content().readableBytes();
        if (length != RequestCodec.LENGTH) {
            drop(DropReason.BAD_SIZE, sender, "datagram of " + length + (length > RequestCodec.LENGTH ? " or more" : "")
                    + " bytes, not " + RequestCodec.LENGTH);
            return;
        }
        Verdict<RequestVerifier.Signed> decoded = verifier.decode(ByteBufUtil.getBytes(packet.content()));
        if (decoded instanceof Verdict.Rejected<RequestVerifier.Signed> r) {
            drop(r.reason(), sender, r.why());
            return;
        }
        RequestVerifier.Signed signed = ((Verdict.Passed<RequestVerifier.Signed>) decoded).value();
        FenceWireRequest wire = signed.wire();
        Optional<InetSocketAddress> target = CallbackTarget.of(wire, sender, soleInterface);
        if (target.isEmpty()) {
            dispatcher.dropped(MulticastListener.NAME, DropReason.CALLBACK_FAILED);
            LOG.warn("signed request from {} names no callback address that can be reached (family {}, port {}, "
                    + "address field {}); dropped", address(sender), wire.family(), wire.port(),
                    ByteBufUtil.hexDump(wire.address()));
            return;
        }
        // the ACL's source is the address inside the signed packet, as in fence_virtd, never the UDP source
        ReceivedRequest received = new ReceivedRequest(wire, NetUtil.toAddressString(target.get().getAddress()),
                MulticastListener.NAME, signed.key());
        if (verifier.admit(received) instanceof Verdict.Rejected<ReceivedRequest> r) {
            drop(r.reason(), sender, received + ": " + r.why());
            return;
        }
        callBack.callBack(received, target.get());
    }

    private void drop(DropReason reason, InetSocketAddress sender, String why) {
        dispatcher.dropped(MulticastListener.NAME, reason);
        LOG.debug("datagram from {} dropped ({}): {}", address(sender), reason, why);
    }

    private static String address(InetSocketAddress a) {
        return a == null ? "?" : NetUtil.toSocketAddressString(a);
    }
}
