package org.jfenced.spi;

import java.util.Objects;

/**
 * A VM as a backend lists it.
 *
 * @param name the libvirt domain name
 * @param uuid the canonical UUID string
 * @param state its power state
 */
public record VmInfo(String name, String uuid, VmState state) {

    public VmInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(state, "state");
    }

    private static final int UUID_LENGTH = 36;

    /**
     * fence_virtd's {@code is_uuid}, which decides whether a client names a VM by UUID: {@code uuid_parse}
     * accepts the string and {@code uuid_unparse} gives it back ignoring case, which holds exactly for
     * 8-4-4-4-12 hex digits with dashes, in any case. A UUID without dashes is therefore a name.
     */
    public static boolean isUuid(String s) {
        if (s.length() != UUID_LENGTH) {
            return false;
        }
        for (int i = 0; i < UUID_LENGTH; i++) {
            char c = s.charAt(i);
            boolean dashPosition = i == 8 || i == 13 || i == 18 || i == 23;
            if (dashPosition ? c != '-' : !isHexDigit(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
