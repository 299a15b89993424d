package org.jfenced.nativelib.quorum;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@code votequorum_callbacks_t}: 24 bytes, three function pointers; libvotequorum copies it. The nodelist
 * callback stays NULL (its ring id would arrive by value and nothing here needs it).
 */
@Structure.FieldOrder({"votequorum_quorum_notify_fn", "votequorum_expectedvotes_notify_fn", "votequorum_nodelist_notify_fn"})
public class VotequorumCallbacks extends Structure {
    public QuorumNotifyFn votequorum_quorum_notify_fn;
    public ExpectedVotesNotifyFn votequorum_expectedvotes_notify_fn;
    public Pointer votequorum_nodelist_notify_fn;

    /** {@code votequorum_quorum_notification_fn_t}; {@code nodes} holds {nodeid, state} pairs of uint32. */
    public interface QuorumNotifyFn extends Callback {
        void invoke(long handle, long context, int quorate, int nodeCount, Pointer nodes);
    }

    /** {@code votequorum_expectedvotes_notification_fn_t}. */
    public interface ExpectedVotesNotifyFn extends Callback {
        void invoke(long handle, long context, int expectedVotes);
    }
}
