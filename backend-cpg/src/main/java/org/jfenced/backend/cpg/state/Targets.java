package org.jfenced.backend.cpg.state;

import java.util.Locale;
import org.jfenced.spi.VmInfo;

/** How a request's target string is matched against the VM map, the same way the acting member's libvirt will. */
final class Targets {

    private Targets() {
    }

    /** UUIDs are matched in any case, as libvirt parses them; the map keeps them in lower case. */
    static String uuidKey(String uuid) {
        return uuid.toLowerCase(Locale.ROOT);
    }

    static boolean isUuid(String target) {
        return VmInfo.isUuid(target);
    }
}
