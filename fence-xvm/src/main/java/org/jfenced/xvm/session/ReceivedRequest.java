package org.jfenced.xvm.session;

import java.util.Optional;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.jfenced.xvm.wire.FenceWireRequest;

/**
 * A verified request and who sent it.
 *
 * @param wire the decoded packet
 * @param source the requester as the ACL sees it
 * @param origin the listener's name
 * @param key the key the request's signature proved, for the rest of the session
 */
public record ReceivedRequest(FenceWireRequest wire, String source, String origin, SessionKey key) {

    /** The request for the dispatcher; empty for a command byte the daemon does not serve. */
    public Optional<FenceRequest> request() {
        FenceAction action = FenceAction.fromCode(wire.request());
        return action == null ? Optional.empty()
                : Optional.of(new FenceRequest(action, wire.domain(), source, wire.seqno(), origin));
    }

    @Override
    public String toString() {
        return request().map(FenceRequest::toString)
                .orElse("unknown command " + wire.request() + " from " + source + " via " + origin);
    }
}
