package org.jfenced.nativelib.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

/** The JNA structures against {@code <corosync/votequorum.h>} on LP64. */
class VotequorumStructLayoutTest {
    @Test
    void infoIsNineWordsAndThe255ByteQdeviceNamePaddedTo292() {
        VotequorumInfo info = new VotequorumInfo();
        info.flags = 0x5a;
        info.qdevice_votes = 3;
        info.qdevice_name[0] = 'q';
        info.write();
        Pointer p = info.getPointer();
        assertEquals(292, info.size());
        assertEquals(0x5a, p.getInt(28));
        assertEquals(3, p.getInt(32));
        assertEquals('q', p.getByte(36));
    }

    @Test
    void callbacksAreThreeFunctionPointersWithoutTheNodelistOne() {
        VotequorumCallbacks callbacks = QuorumCallbacks.callbacks();
        callbacks.write();
        Pointer p = callbacks.getPointer();
        assertEquals(24, callbacks.size());
        assertNotNull(p.getPointer(0));
        assertNotNull(p.getPointer(8));
        assertNull(p.getPointer(16));
    }
}
