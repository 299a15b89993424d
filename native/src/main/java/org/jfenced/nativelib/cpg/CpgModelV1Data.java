package org.jfenced.nativelib.cpg;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@code cpg_model_v1_data_t}: 40 bytes. libcpg copies it, so the structure itself may go, but the callback
 * objects it points to must stay reachable for as long as the handle lives: a collected callback silently
 * stops firing (or crashes the VM). {@link CpgCallbacks} keeps them in static final fields.
 *
 * <p>{@code size_t} arguments are mapped to {@code long}: LP64 Linux (x86_64, aarch64) only.
 */
@Structure.FieldOrder({"model", "cpg_deliver_fn", "cpg_confchg_fn", "cpg_totem_confchg_fn", "flags"})
public class CpgModelV1Data extends Structure {
    public static final int CPG_MODEL_V1 = 1;
    /** Deliver a totem confchg right after the first group confchg, not only on later ring changes. */
    public static final int DELIVER_INITIAL_TOTEM_CONF = 0x01;

    public int model = CPG_MODEL_V1;
    public DeliverFn cpg_deliver_fn;
    public ConfchgFn cpg_confchg_fn;
    public TotemConfchgFn cpg_totem_confchg_fn;
    public int flags;

    /** {@code cpg_deliver_fn_t}; {@code msg} is valid only during the call. */
    public interface DeliverFn extends Callback {
        void invoke(long handle, Pointer groupName, int nodeid, int pid, Pointer msg, long msgLen);
    }

    /** {@code cpg_confchg_fn_t}; each list is an array of {@code struct cpg_address} (nodeid, pid, reason). */
    public interface ConfchgFn extends Callback {
        void invoke(long handle, Pointer groupName, Pointer members, long memberCount,
                    Pointer left, long leftCount, Pointer joined, long joinedCount);
    }

    /** {@code cpg_totem_confchg_fn_t}: the ring id arrives by value, the node count as uint32. */
    public interface TotemConfchgFn extends Callback {
        void invoke(long handle, CpgRingId.ByValue ringId, int memberCount, Pointer members);
    }
}
