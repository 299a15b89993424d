package org.jfenced.spi;

import java.util.Objects;

/**
 * One request as the daemon understood it.
 *
 * @param action what to do
 * @param target the VM name or UUID exactly as the client sent it; empty for devstatus and hostlist
 * @param source who asked, as the groups ACL sees it: an IP address string, a vsock CID, a VM UUID
 * @param seqno the client's sequence number (with action and target it identifies retransmissions)
 * @param origin the listener (or {@code admin}) the request came through, for logs and history
 */
public record FenceRequest(FenceAction action, String target, String source, long seqno, String origin) {

    public FenceRequest {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(origin, "origin");
    }

    @Override
    public String toString() {
        return action + " " + (target.isEmpty() ? "-" : '"' + target + '"') + " from " + source
                + " seq " + seqno + " via " + origin;
    }
}
