package org.jfenced.xvm.session;

import java.util.Optional;
import org.jfenced.spi.RequestDispatcher;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.jfenced.xvm.wire.FenceWireRequest;
import org.jfenced.xvm.wire.RequestCodec;

/**
 * The checks every fence_virt request passes, however it arrived (a datagram, a stream): the signature
 * with the key at the minimum hash or better, then the duplicate history. Between the two the transport
 * decides who the requester is, which is why they are two calls. Counting and logging a rejection is
 * the caller's: a datagram and a connection are dropped differently.
 */
public final class RequestVerifier {

    private final AuthSettings auth;
    private final RequestDispatcher dispatcher;

    public RequestVerifier(AuthSettings auth, RequestDispatcher dispatcher) {
        this.auth = auth;
        this.dispatcher = dispatcher;
    }

    /** What a check says: go on with the value, or drop for a reason. */
    public sealed interface Verdict<T> {

        record Passed<T>(T value) implements Verdict<T> {
        }

        record Rejected<T>(DropReason reason, String why) implements Verdict<T> {
        }
    }

    /**
     * A decoded request and the key its signature proved: during a key rotation, the old key or the new
     * one, and the session's challenge–response goes on with that one.
     */
    public record Signed(FenceWireRequest wire, SessionKey key) {
    }

    /**
     * The request in the {@value RequestCodec#LENGTH} bytes of {@code raw}, if they are signed with a key
     * the listener accepts.
     */
    public Verdict<Signed> decode(byte[] raw) {
        Optional<SessionKey> key = auth.verify(raw);
        if (key.isEmpty()) {
            return new Verdict.Rejected<>(DropReason.BAD_HASH,
                    "signature invalid or weaker than " + auth.minimumHash().configName());
        }
        return new Verdict.Passed<>(new Signed(RequestCodec.decode(raw), key.get()));
    }

    /** {@code request}, unless a copy of it is being served or was answered within the history's window. */
    public Verdict<ReceivedRequest> admit(ReceivedRequest request) {
        if (request.request().map(dispatcher::isDuplicate).orElse(false)) {
            return new Verdict.Rejected<>(DropReason.DUPLICATE, "we just did this request");
        }
        return new Verdict.Passed<>(request);
    }
}
