package org.jfenced.nativelib.cpg;

/** A member that joined or left, and why. */
public record CpgMemberChange(CpgMember member, CpgReason reason) {
    public int nodeId() {
        return member.nodeId();
    }

    @Override
    public String toString() {
        return member + ":" + reason;
    }
}
