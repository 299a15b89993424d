package org.jfenced.nativelib.cpg;

/** A group member: a process on a node. One process can be a member of a group only once per node. */
public record CpgMember(int nodeId, int pid) {
    @Override
    public String toString() {
        return nodeId + "/" + pid;
    }
}
