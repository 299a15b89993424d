package org.jfenced.backend.cpg.state;

import java.util.Objects;

/** Names one request across the group: the member that multicast it and that member's request number. */
public record RequestKey(MemberId requester, long id) {

    public RequestKey {
        Objects.requireNonNull(requester, "requester");
    }

    @Override
    public String toString() {
        return requester + "#" + Long.toUnsignedString(id);
    }
}
