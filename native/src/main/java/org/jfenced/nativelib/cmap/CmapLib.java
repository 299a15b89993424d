package org.jfenced.nativelib.cmap;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/** libcmap ({@code <corosync/cmap.h>} of corosync 3.1), directly mapped, loaded by SONAME. */
final class CmapLib {

    static {
        try {
            Native.register(CmapLib.class, NativeLibrary.getInstance("libcmap.so.4"));
        } catch (UnsatisfiedLinkError e) {
            throw new UnsatisfiedLinkError("cannot load libcmap.so.4 (Debian/Ubuntu package libcmap4, RPM corosynclib): "
                    + e.getMessage());
        }
    }

    private CmapLib() {
    }

    static native int cmap_initialize(long[] handle);

    static native int cmap_finalize(long handle);

    static native int cmap_get_uint32(long handle, String key, int[] value);
}
