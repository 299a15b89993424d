package org.jfenced.listener.serial;

import java.util.List;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmInfo;
import org.jfenced.xvm.wire.HostListCodec;

/**
 * {@code serial_resp_t} (the magic, then one result byte) and the host list as it goes over a serial
 * port: a response with {@code 0xFD}, the 130-byte records and their zero terminator as over TCP, and
 * a closing response whose byte is the list's return code (0: complete).
 */
final class SerialReplies {

    static final int RESPONSE_LENGTH = 5;
    private static final byte[] MAGIC = {0x61, 0x62, 0x62, 0x61};

    private SerialReplies() {
    }

    static byte[] result(FenceResult result) {
        return response(result.code());
    }

    static byte[] response(int code) {
        byte[] out = new byte[RESPONSE_LENGTH];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[4] = (byte) code;
        return out;
    }

    static byte[] hostList(List<VmInfo> vms) {
        // the TCP stream is 0xFD, records, terminator and one trailing byte; here each end byte is a response
        byte[] stream = HostListCodec.encode(vms);
        byte[] out = new byte[stream.length - 1 + 2 * MAGIC.length + 1];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        System.arraycopy(stream, 0, out, MAGIC.length, stream.length - 1);
        System.arraycopy(MAGIC, 0, out, MAGIC.length + stream.length - 1, MAGIC.length);
        out[out.length - 1] = 0;
        return out;
    }
}
