package org.jfenced.nativelib.cpg;

import com.sun.jna.Pointer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The native callbacks, in static final fields so the garbage collector can never take them while libcpg
 * still holds their addresses; a map from handle to {@link CpgEvents} routes each call to its connection.
 */
final class CpgCallbacks {
    private static final Map<Long, CpgEvents> EVENTS = new ConcurrentHashMap<>();
    private static final byte[] EMPTY = new byte[0];

    static final CpgModelV1Data.DeliverFn DELIVER = (handle, groupName, nodeid, pid, msg, msgLen) -> {
        CpgEvents events = EVENTS.get(handle);
        if (events == null) {
            return;
        }
        try {
            events.delivered(nodeid, pid, msgLen == 0 ? EMPTY : msg.getByteArray(0, Math.toIntExact(msgLen)));
        } catch (RuntimeException | Error e) {
            events.callbackFailed(e);
        }
    };

    static final CpgModelV1Data.ConfchgFn CONFCHG = (handle, groupName, members, memberCount,
                                                     left, leftCount, joined, joinedCount) -> {
        CpgEvents events = EVENTS.get(handle);
        if (events == null) {
            return;
        }
        try {
            events.membershipChanged(addresses(members, memberCount), addresses(left, leftCount),
                    addresses(joined, joinedCount));
        } catch (RuntimeException | Error e) {
            events.callbackFailed(e);
        }
    };

    static final CpgModelV1Data.TotemConfchgFn TOTEM_CONFCHG = (handle, ringId, memberCount, members) -> {
        CpgEvents events = EVENTS.get(handle);
        if (events == null) {
            return;
        }
        try {
            events.ringChanged(ringId.nodeid, ringId.seq, memberCount == 0 ? new int[0] : members.getIntArray(0, memberCount));
        } catch (RuntimeException | Error e) {
            events.callbackFailed(e);
        }
    };

    private CpgCallbacks() {
    }

    static CpgModelV1Data model() {
        CpgModelV1Data model = new CpgModelV1Data();
        model.cpg_deliver_fn = DELIVER;
        model.cpg_confchg_fn = CONFCHG;
        model.cpg_totem_confchg_fn = TOTEM_CONFCHG;
        model.flags = CpgModelV1Data.DELIVER_INITIAL_TOTEM_CONF;
        return model;
    }

    static void register(long handle, CpgEvents events) {
        EVENTS.put(handle, events);
    }

    static void unregister(long handle) {
        EVENTS.remove(handle);
    }

    /** {@code struct cpg_address[count]} (12 bytes each) as {nodeid, pid, reason} triples. */
    private static int[] addresses(Pointer list, long count) {
        return count == 0 ? new int[0] : list.getIntArray(0, Math.toIntExact(count * 3));
    }
}
