package org.jfenced.spi;

/** The request codes of fence_xvm / fence_virt ({@code fence_cmd_t}). */
public enum FenceAction {
    NULL(0),
    OFF(1),
    REBOOT(2),
    ON(3),
    STATUS(4),
    DEVSTATUS(5),
    HOSTLIST(6);

    private final int code;

    FenceAction(int code) {
        this.code = code;
    }

    /** The byte on the wire. */
    public int code() {
        return code;
    }

    /** The action for a wire code, or {@code null} when the code names no action the daemon serves. */
    public static FenceAction fromCode(int code) {
        for (FenceAction a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        return null;
    }

    /** Whether the action changes a VM's power state, and so is fencing in the strict sense. */
    public boolean changesPower() {
        return this == OFF || this == ON || this == REBOOT;
    }
}
