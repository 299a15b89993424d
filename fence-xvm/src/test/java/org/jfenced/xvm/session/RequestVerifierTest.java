package org.jfenced.xvm.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.jfenced.spi.FenceAction;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.jfenced.xvm.session.RequestVerifier.Verdict;
import org.jfenced.xvm.wire.FenceWireRequest;
import org.jfenced.xvm.wire.HashType;
import org.jfenced.xvm.wire.RequestCodec;
import org.junit.jupiter.api.Test;

class RequestVerifierTest {

    private final SessionFixture f = new SessionFixture();
    private final RequestVerifier verifier = new RequestVerifier(f.sha256, f.dispatcher);

    @Test
    void aRequestSignedWithTheKeyIsDecoded() {
        Verdict<RequestVerifier.Signed> v = verifier.decode(SessionFixture.request(FenceAction.OFF, "vm1", 7));
        FenceWireRequest wire = ((RequestVerifier.Signed) assertInstanceOf(Verdict.Passed.class, v).value()).wire();
        assertEquals("vm1", wire.domain());
        assertEquals(7, wire.seqno());
    }

    @Test
    void anotherKeyIsABadHash() {
        Verdict<RequestVerifier.Signed> v = verifier.decode(
                SessionFixture.request(FenceAction.OFF, "vm1", 7, HashType.SHA256, "other\n".getBytes()));
        assertEquals(DropReason.BAD_HASH, assertInstanceOf(Verdict.Rejected.class, v).reason());
    }

    @Test
    void aHashWeakerThanTheMinimumIsABadHash() {
        Verdict<RequestVerifier.Signed> v = verifier.decode(
                SessionFixture.request(FenceAction.OFF, "vm1", 7, HashType.SHA1, SessionFixture.KEY));
        Verdict.Rejected<?> r = assertInstanceOf(Verdict.Rejected.class, v);
        assertEquals(DropReason.BAD_HASH, r.reason());
        assertEquals("signature invalid or weaker than sha256", r.why());
    }

    @Test
    void aRequestServedBeforeIsADuplicate() {
        ReceivedRequest first = SessionFixture.received(FenceAction.OFF, "vm1", 7);
        assertInstanceOf(Verdict.Passed.class, verifier.admit(first));
        f.dispatcher.serve(first.request().orElseThrow());
        ReceivedRequest copy = SessionFixture.received(FenceAction.OFF, "VM1", 7);
        assertEquals(DropReason.DUPLICATE, assertInstanceOf(Verdict.Rejected.class, verifier.admit(copy)).reason());
        assertInstanceOf(Verdict.Passed.class, verifier.admit(SessionFixture.received(FenceAction.OFF, "vm1", 8)));
    }

    @Test
    void aCommandTheDaemonDoesNotServeIsAdmittedToBeAnsweredFailure() {
        ReceivedRequest unknown = new ReceivedRequest(RequestCodec.decode(RequestCodec.encode(
                99, HashType.SHA256, "vm1", null, 0, 1, 0, new byte[6], SessionFixture.KEY)), "192.0.2.7", "tcp",
                SessionFixture.PROVED);
        assertInstanceOf(Verdict.Passed.class, verifier.admit(unknown));
    }
}
