package org.jfenced.nativelib.cpg;

/** A totem ring id: the node that formed the ring and a sequence number that grows with every new ring. */
public record CpgRing(int nodeId, long seq) {
    @Override
    public String toString() {
        return Integer.toHexString(nodeId) + "." + Long.toHexString(seq);
    }
}
