package org.jfenced.xvm.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jfenced.spi.VmInfo;

/**
 * The host list stream: {@code 0xFD}, one 130-byte {@code host_state_t} per VM, a 130-byte all-zero
 * terminator and one trailing byte the clients never read. Unused bytes are zero (the C daemon leaves
 * stack garbage there).
 */
public final class HostListCodec {

    public static final int RESP_HOSTLIST = 0xFD;
    public static final int RECORD_LENGTH = 130;
    private static final int FIELD = 64;

    private HostListCodec() {
    }

    /** The whole stream for {@code vms}. */
    public static byte[] encode(List<VmInfo> vms) {
        byte[] out = new byte[1 + (vms.size() + 1) * RECORD_LENGTH + 1];
        out[0] = (byte) RESP_HOSTLIST;
        int off = 1;
        for (VmInfo vm : vms) {
            putString(out, off, vm.name());
            putString(out, off + FIELD, vm.uuid());
            out[off + 2 * FIELD] = (byte) vm.state().code();
            off += RECORD_LENGTH;
        }
        return out;
    }

    /** Copies at most 63 bytes, so each field stays NUL-terminated for the C client. */
    private static void putString(byte[] out, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, out, off, Math.min(b.length, FIELD - 1));
    }
}
