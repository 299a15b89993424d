package org.jfenced.service.cluster;

/**
 * Names one offer across the group: the CPG member that made it (node id and pid) and that member's own
 * counter, so answers reach the one origin that waits for them.
 */
record OfferId(int originNodeId, int originPid, long requestId) {

    @Override
    public String toString() {
        return Integer.toUnsignedString(originNodeId) + "/" + originPid + "#" + requestId;
    }
}
