package org.jfenced.spi;

/** What a request ended in: the reply byte the client receives. */
public enum FenceResult {
    /** Done, or for status: the VM is on. */
    SUCCESS(0),
    FAIL(1),
    /** For status: the VM is off (also what fence_virtd answers for a VM it does not know). */
    OFF(2),
    /** The requester may not act on that VM. */
    PERMISSION_DENIED(3);

    private final int code;

    FenceResult(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static FenceResult fromCode(int code) {
        for (FenceResult r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new IllegalArgumentException("no result with code " + code);
    }
}
