package org.jfenced.listener.vsock;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * Linux's {@code struct sockaddr_vm} ({@code <linux/vm_sockets.h>}): 16 bytes, family, reserved,
 * port, CID, flags and padding, in host byte order.
 */
@FieldOrder({"svm_family", "svm_reserved1", "svm_port", "svm_cid", "svm_flags", "svm_zero"})
public final class SockaddrVm extends Structure {

    public static final short AF_VSOCK = 40;
    /** Any CID: the listener accepts from every guest. */
    public static final int VMADDR_CID_ANY = -1;

    public short svm_family;
    public short svm_reserved1;
    public int svm_port;
    public int svm_cid;
    public byte svm_flags;
    public byte[] svm_zero = new byte[3];

    public SockaddrVm() {
        super(ALIGN_NONE);
    }

    static SockaddrVm of(int cid, int port) {
        SockaddrVm a = new SockaddrVm();
        a.svm_family = AF_VSOCK;
        a.svm_cid = cid;
        a.svm_port = port;
        a.write();
        return a;
    }

    /** The CID as fence_virtd's ACL sees it: unsigned, in decimal. */
    String cid() {
        return Integer.toUnsignedString(svm_cid);
    }
}
