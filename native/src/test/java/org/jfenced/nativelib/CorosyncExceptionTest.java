package org.jfenced.nativelib;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CorosyncExceptionTest {
    @Test
    void everyCodeOfTheHeaderMapsToItsName() {
        assertEquals(CsError.CS_OK, CsError.of(1));
        assertEquals(CsError.CS_ERR_TRY_AGAIN, CsError.of(6));
        assertEquals(CsError.CS_ERR_EXIST, CsError.of(14));
        assertEquals(CsError.CS_ERR_TOO_MANY_GROUPS, CsError.of(30));
        assertEquals(CsError.CS_ERR_SECURITY, CsError.of(100));
        for (CsError error : CsError.values()) {
            if (error != CsError.UNKNOWN) {
                assertEquals(error, CsError.of(error.code()));
            }
        }
    }

    @Test
    void codesTheHeaderDoesNotHaveAreUnknownButKeepTheirNumber() {
        assertEquals(CsError.UNKNOWN, CsError.of(0));
        assertEquals(CsError.UNKNOWN, CsError.of(29));
        assertEquals(CsError.UNKNOWN, CsError.of(-1));
        CorosyncException e = new CorosyncException("cpg_join", 29);
        assertEquals(29, e.code());
        assertEquals("cpg_join: unknown cs_error_t (29)", e.getMessage());
    }

    @Test
    void theMessageNamesTheCallAndTheError() {
        assertEquals("cpg_join: CS_ERR_EXIST (14)", new CorosyncException("cpg_join", 14).getMessage());
        assertEquals("cpg_mcast_joined: CS_ERR_LIBRARY (2): not connected to corosync",
                new CorosyncException("cpg_mcast_joined", 2, "not connected to corosync").getMessage());
    }

    @Test
    void checkPassesOnlyCsOk() {
        assertDoesNotThrow(() -> CorosyncException.check("cpg_leave", 1));
        CorosyncException e = assertThrows(CorosyncException.class, () -> CorosyncException.check("cpg_leave", 0));
        assertEquals(CsError.UNKNOWN, e.error());
    }

    @Test
    void aLostConnectionIsLibraryOrBadHandle() {
        assertTrue(new CorosyncException("cpg_dispatch", CsError.CS_ERR_LIBRARY.code()).isConnectionLost());
        assertTrue(new CorosyncException("cpg_mcast_joined", CsError.CS_ERR_BAD_HANDLE.code()).isConnectionLost());
        assertFalse(new CorosyncException("cpg_mcast_joined", CsError.CS_ERR_TRY_AGAIN.code()).isConnectionLost());
    }
}
