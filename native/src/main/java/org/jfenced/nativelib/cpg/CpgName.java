package org.jfenced.nativelib.cpg;

import com.sun.jna.Structure;
import java.nio.charset.StandardCharsets;

/**
 * {@code struct cpg_name}: 132 bytes, a length and 128 bytes that are not NUL-terminated. Groups are
 * compared as (length, bytes), so the length is {@code strlen} without a trailing NUL, as corosync's own
 * tools and fence_virtd use it ("foo" and "foo\0" would be two different groups).
 */
@Structure.FieldOrder({"length", "value"})
public class CpgName extends Structure {
    public static final int MAX_LENGTH = 128;

    public int length;
    public byte[] value = new byte[MAX_LENGTH];

    public CpgName() {
    }

    public CpgName(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("a CPG group name has 1 to " + MAX_LENGTH + " bytes: \"" + name + "\"");
        }
        length = bytes.length;
        System.arraycopy(bytes, 0, value, 0, bytes.length);
    }

    @Override
    public String toString() {
        return new String(value, 0, Math.min(length, MAX_LENGTH), StandardCharsets.UTF_8);
    }
}
