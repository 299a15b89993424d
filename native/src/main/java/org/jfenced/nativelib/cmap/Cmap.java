package org.jfenced.nativelib.cmap;

import java.util.Optional;
import org.jfenced.nativelib.CorosyncException;
import org.jfenced.nativelib.CsError;

/**
 * Reads corosync's configuration map, the keys {@code corosync-cmapctl} shows. Each call opens and closes
 * its own connection: the values read here are read rarely (at start), and a connection held open would
 * only have to be watched for corosync restarts.
 *
 * <p>Like the CPG group, it talks to the corosync of the network namespace of the calling thread.
 */
public final class Cmap {

    private Cmap() {
    }

    /** A uint32 key; empty when corosync does not have it. */
    public static Optional<Long> uint32(String key) throws CorosyncException {
        long[] handle = new long[1];
        CorosyncException.check("cmap_initialize", CmapLib.cmap_initialize(handle));
        try {
            int[] value = new int[1];
            int rc = CmapLib.cmap_get_uint32(handle[0], key, value);
            if (rc == CsError.CS_ERR_NOT_EXIST.code()) {
                return Optional.empty();
            }
            CorosyncException.check("cmap_get_uint32 " + key, rc);
            return Optional.of(Integer.toUnsignedLong(value[0]));
        } finally {
            CmapLib.cmap_finalize(handle[0]);
        }
    }
}
