package org.jfenced.dispatch;

import java.util.regex.Pattern;

/** fence_virtd's {@code is_uuid}: a canonical 36-character UUID string, in either case. */
public final class Uuids {

    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Uuids() {
    }

    public static boolean isUuid(String s) {
        return CANONICAL.matcher(s).matches();
    }
}
