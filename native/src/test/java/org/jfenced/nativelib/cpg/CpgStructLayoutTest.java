package org.jfenced.nativelib.cpg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

/**
 * The JNA structures against {@code <corosync/cpg.h>} on LP64 (sizes and offsets printed by a C program
 * against corosync 3.1.7's headers): a wrong layout corrupts memory instead of failing.
 */
class CpgStructLayoutTest {
    @Test
    void cpgNameIsALengthAnd128BytesWithoutTerminator() {
        CpgName name = new CpgName("fence-agents");
        assertEquals(132, name.size());
        name.write();
        Pointer p = name.getPointer();
        assertEquals(12, p.getInt(0));
        assertEquals("fence-agents", new String(p.getByteArray(4, 12)));
        assertEquals(0, p.getByte(4 + 12));
    }

    @Test
    void groupNamesAreOneTo128Bytes() {
        assertEquals(128, new CpgName("x".repeat(128)).length);
        assertThrows(IllegalArgumentException.class, () -> new CpgName("x".repeat(129)));
        assertThrows(IllegalArgumentException.class, () -> new CpgName(""));
    }

    @Test
    void ringIdIsPaddedAfterTheNodeId() {
        CpgRingId ring = new CpgRingId.ByValue();
        ring.nodeid = 7;
        ring.seq = 0x1122334455667788L;
        ring.write();
        assertEquals(16, ring.size());
        assertEquals(7, ring.getPointer().getInt(0));
        assertEquals(0x1122334455667788L, ring.getPointer().getLong(8));
    }

    @Test
    void modelV1DataHoldsThreeCallbacksAfterThePaddedModel() {
        CpgModelV1Data model = CpgCallbacks.model();
        model.write();
        Pointer p = model.getPointer();
        assertEquals(40, model.size());
        assertEquals(CpgModelV1Data.CPG_MODEL_V1, p.getInt(0));
        for (int offset : new int[] {8, 16, 24}) {
            assertNotNull(p.getPointer(offset), "callback pointer at offset " + offset);
        }
        assertEquals(CpgModelV1Data.DELIVER_INITIAL_TOTEM_CONF, p.getInt(32));
    }
}
