package org.jfenced.xvm.session;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.IoErrors;
import org.jfenced.spi.SelfTest;
import org.jfenced.spi.SelfTest.Step;
import org.jfenced.xvm.wire.ChallengeResponse;
import org.jfenced.xvm.wire.FenceWireRequest;
import org.jfenced.xvm.wire.HashType;
import org.jfenced.xvm.wire.RequestCodec;

/**
 * The client side of {@code jfencectl selftest}: one status request, signed and authenticated as
 * fence_virt and fence_xvm do it, sent to this daemon's own listener. Each step is reported with what
 * its failure most likely means, since a guest only ever sees "timed out".
 */
public final class SelfTestClient {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<Step> steps = new ArrayList<>();
    private final AuthSettings listenerAuth;
    private final SelfTest.Probe probe;
    private byte[] key;
    private HashType hash;

    private SelfTestClient(AuthSettings listenerAuth, SelfTest.Probe probe) {
        this.listenerAuth = listenerAuth;
        this.probe = probe;
    }

    /** fence_virt -T: connect to {@code target} and send the request there. */
    public static SelfTest overTcp(AuthSettings auth, SelfTest.Probe probe, InetSocketAddress target) {
        SelfTestClient c = new SelfTestClient(auth, probe);
        if (c.loadKey()) {
            c.tcp(target);
        }
        return new SelfTest(c.steps);
    }

    /**
     * fence_xvm: multicast the request to {@code group} out of {@code iface} (looped back to this host)
     * and take the daemon's connection back at an address of {@code iface}.
     */
    public static SelfTest overMulticast(AuthSettings auth, SelfTest.Probe probe, InetSocketAddress group,
            NetworkInterface iface) {
        SelfTestClient c = new SelfTestClient(auth, probe);
        if (c.loadKey()) {
            c.multicast(group, iface);
        }
        return new SelfTest(c.steps);
    }

    private boolean loadKey() {
        // a weaker signature than the listener's minimum would be refused for that alone
        HashType minimum = listenerAuth.minimumHash();
        hash = minimum.code() > HashType.SHA256.code() ? minimum : HashType.SHA256;
        if (probe.keyFile().isEmpty()) {
            key = listenerAuth.currentKey();
            return step("key", true, "the listener's own key_file; signing with " + hash.configName() + ", auth "
                    + listenerAuth.auth().configName());
        }
        Path file = probe.keyFile().get();
        try (InputStream in = Files.newInputStream(file)) {
            key = in.readNBytes(KeyFile.MAX_KEY_LEN);
        } catch (IOException e) {
            return step("key", false, "cannot read " + file + ": " + IoErrors.reason(e));
        }
        if (key.length == 0) {
            return step("key", false, file + " is empty");
        }
        return step("key", true, file + " (" + key.length + " bytes); signing with " + hash.configName() + ", auth "
                + listenerAuth.auth().configName());
    }

    private static String describe(InetSocketAddress a) {
        return (a.getAddress() instanceof Inet6Address ? "[" + a.getAddress().getHostAddress() + "]"
                : a.getAddress().getHostAddress()) + ":" + a.getPort();
    }

    private void tcp(InetSocketAddress target) {
        try (Socket s = new Socket()) {
            try {
                s.connect(target, timeoutMillis());
            } catch (ConnectException e) {
                step("connect", false, describe(target) + ": refused: nothing accepts connections there, or a firewall"
                        + " rejects them");
                return;
            } catch (SocketTimeoutException e) {
                step("connect", false, describe(target) + ": no answer within " + probe.timeout().toSeconds()
                        + " s: a firewall drops the packets");
                return;
            }
            step("connect", true, describe(target));
            s.setSoTimeout(timeoutMillis());
            byte[] request = request(null, 0, 0);
            s.getOutputStream().write(request);
            step("send", true, "status of \"" + probe.vm() + "\", " + RequestCodec.LENGTH + " bytes");
            exchange(s.getInputStream(), s.getOutputStream());
        } catch (IOException e) {
            step("exchange", false, IoErrors.reason(e));
        }
    }

    private void multicast(InetSocketAddress group, NetworkInterface iface) {
        boolean v6 = group.getAddress() instanceof Inet6Address;
        InetAddress local = iface.inetAddresses().filter(a -> (a instanceof Inet6Address) == v6)
                .filter(a -> !(a instanceof Inet6Address) || !a.isLinkLocalAddress()).findFirst()
                .or(() -> iface.inetAddresses().filter(a -> (a instanceof Inet6Address) == v6).findFirst())
                .orElse(null);
        if (local == null) {
            step("callback", false, iface.getName() + " has no " + (v6 ? "IPv6" : "IPv4") + " address to be called"
                    + " back at");
            return;
        }
        StandardProtocolFamily family = v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        try (ServerSocket callback = new ServerSocket(0, 1, local); DatagramChannel out = DatagramChannel.open(family)) {
            step("callback", true, "waiting on " + describe(new InetSocketAddress(local, callback.getLocalPort())));
            out.setOption(StandardSocketOptions.IP_MULTICAST_IF, iface);
            out.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
            byte[] address = Arrays.copyOf(local.getAddress(), local.getAddress().length);
            byte[] request = request(address, callback.getLocalPort(), v6 ? FenceWireRequest.FAMILY_INET6
                    : FenceWireRequest.FAMILY_INET);
            out.send(ByteBuffer.wrap(request), group);
            step("send", true, "status of \"" + probe.vm() + "\" to " + describe(group) + " on " + iface.getName());
            callback.setSoTimeout(timeoutMillis());
            try (Socket s = callback.accept()) {
                step("connect-back", true, "from " + describe((InetSocketAddress) s.getRemoteSocketAddress()));
                s.setSoTimeout(timeoutMillis());
                exchange(s.getInputStream(), s.getOutputStream());
            } catch (SocketTimeoutException e) {
                step("connect-back", false, "none within " + probe.timeout().toSeconds() + " s: the daemon dropped the"
                        + " datagram (a key or hash it does not accept), or did not receive it on " + iface.getName());
            }
        } catch (IOException e) {
            step("exchange", false, IoErrors.reason(e));
        }
    }

    /** Both transports' exchange once the request is there: the challenges both ways, then the answer. */
    private void exchange(InputStream rawIn, OutputStream out) throws IOException {
        DataInputStream in = new DataInputStream(rawIn);
        HashType auth = listenerAuth.auth();
        if (auth != HashType.NONE) {
            byte[] mine = ChallengeResponse.newChallenge();
            byte[] answer = new byte[ChallengeResponse.LENGTH];
            byte[] theirs = new byte[ChallengeResponse.LENGTH];
            try {
                out.write(mine);
                in.readFully(answer);
                in.readFully(theirs);
            } catch (SocketTimeoutException e) {
                step("authenticate", false, "no answer to our challenge within " + probe.timeout().toSeconds() + " s");
                return;
            } catch (IOException e) {
                // closed (EOF) or reset: either way the daemon hung up on the request without a word
                step("authenticate", false, "the daemon closed the connection instead of answering our challenge: it"
                        + " refused the request's signature, so the key differs from the listener's key_file (or the"
                        + " request is a copy of one it just served)");
                return;
            }
            if (!ChallengeResponse.accepts(auth, key, mine, answer)) {
                step("authenticate", false, "the daemon's answer to our challenge does not prove our key: the keys"
                        + " differ");
                return;
            }
            out.write(ChallengeResponse.answer(auth, key, theirs));
            step("authenticate", true, "both sides proved the key (" + auth.configName() + ")");
        }
        int reply;
        try {
            reply = in.read();
        } catch (SocketTimeoutException e) {
            step("answer", false, "none within " + probe.timeout().toSeconds() + " s");
            return;
        }
        if (reply < 0) {
            step("answer", false, "the daemon closed the connection without an answer"
                    + (auth == HashType.NONE ? "" : ": it did not accept our answer to its challenge"));
            return;
        }
        step("answer", true, meaning(reply));
    }

    private String meaning(int code) {
        FenceResult r;
        try {
            r = FenceResult.fromCode(code);
        } catch (IllegalArgumentException e) {
            return "code " + code;
        }
        return switch (r) {
            case SUCCESS -> "\"" + probe.vm() + "\" is running";
            case OFF -> "\"" + probe.vm() + "\" is off (or unknown)";
            case PERMISSION_DENIED -> "permission denied: the listener's groups do not let this host ask about \""
                    + probe.vm() + "\" (the path to the daemon works)";
            case FAIL -> "failed: the daemon could not tell the state of \"" + probe.vm() + '"';
        };
    }

    private byte[] request(byte[] address, int port, int family) {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        // a fresh sequence number each time, so that no run is taken for a copy of the one before
        long seqno = RANDOM.nextInt() & 0x7fffffffL;
        return RequestCodec.encode(FenceAction.STATUS.code(), hash, probe.vm(), address, port, seqno, family, random,
                key);
    }

    private int timeoutMillis() {
        return (int) Math.max(1, probe.timeout().toMillis());
    }

    private boolean step(String name, boolean ok, String detail) {
        steps.add(new Step(name, ok, detail));
        return ok;
    }
}
