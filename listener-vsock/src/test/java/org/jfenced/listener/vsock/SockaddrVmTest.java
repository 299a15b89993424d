package org.jfenced.listener.vsock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The layout of {@code struct sockaddr_vm} as Linux defines it, byte for byte. */
class SockaddrVmTest {

    @Test
    void isSixteenBytes() {
        assertEquals(16, new SockaddrVm().size());
    }

    @Test
    void familyPortAndCidSitWhereTheKernelReadsThem() {
        SockaddrVm a = SockaddrVm.of(SockaddrVm.VMADDR_CID_ANY, 1229);

        assertArrayEquals(HexFormat.of().parseHex("2800" + "0000" + "cd040000" + "ffffffff" + "00" + "000000"),
                a.getPointer().getByteArray(0, 16));
    }

    @Test
    void aPeerAddressFromTheKernelGivesItsCidUnsignedInDecimal() {
        SockaddrVm a = new SockaddrVm();
        a.getPointer().write(0, HexFormat.of().parseHex("2800000000100000" + "fdffffff" + "00000000"), 0, 16);
        a.read();

        assertEquals(4096, a.svm_port);
        assertEquals("4294967293", a.cid());
    }
}
