package org.jfenced.nativelib.cpg;

import com.sun.jna.Structure;

/** {@code struct cpg_ring_id}: 16 bytes (nodeid, 4 bytes padding, uint64 seq); passed by value to the totem callback. */
@Structure.FieldOrder({"nodeid", "seq"})
public class CpgRingId extends Structure {
    public int nodeid;
    public long seq;

    /** The by-value form the totem confchg callback receives. */
    public static class ByValue extends CpgRingId implements Structure.ByValue {
    }
}
