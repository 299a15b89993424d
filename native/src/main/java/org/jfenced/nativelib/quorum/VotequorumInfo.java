package org.jfenced.nativelib.quorum;

import com.sun.jna.Structure;

/** {@code struct votequorum_info}: nine uint32 and a 255-byte qdevice name, 292 bytes with padding. */
@Structure.FieldOrder({"node_id", "node_state", "node_votes", "node_expected_votes", "highest_expected",
        "total_votes", "quorum", "flags", "qdevice_votes", "qdevice_name"})
public class VotequorumInfo extends Structure {
    public static final int QDEVICE_MAX_NAME_LEN = 255;
    /** {@code VOTEQUORUM_INFO_TWONODE} in {@link #flags}. */
    public static final int INFO_TWONODE = 1;
    /** {@code VOTEQUORUM_INFO_QUORATE} in {@link #flags}. */
    public static final int INFO_QUORATE = 2;
    /** {@code VOTEQUORUM_INFO_LAST_MAN_STANDING} in {@link #flags}. */
    public static final int INFO_LAST_MAN_STANDING = 8;
    /** {@code VOTEQUORUM_INFO_AUTO_TIE_BREAKER} in {@link #flags}. */
    public static final int INFO_AUTO_TIE_BREAKER = 16;

    public int node_id;
    public int node_state;
    public int node_votes;
    public int node_expected_votes;
    public int highest_expected;
    public int total_votes;
    public int quorum;
    public int flags;
    public int qdevice_votes;
    public byte[] qdevice_name = new byte[QDEVICE_MAX_NAME_LEN];
}
