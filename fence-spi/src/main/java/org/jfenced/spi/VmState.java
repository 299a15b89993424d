package org.jfenced.spi;

/** libvirt's {@code virDomainState}; the number is what the host list sends in its state byte. */
public enum VmState {
    NOSTATE(0),
    RUNNING(1),
    BLOCKED(2),
    PAUSED(3),
    SHUTDOWN(4),
    SHUTOFF(5),
    CRASHED(6),
    PMSUSPENDED(7);

    private final int code;

    VmState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The state for a libvirt number; numbers libvirt may add later map to {@link #NOSTATE}. */
    public static VmState fromCode(int code) {
        for (VmState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return NOSTATE;
    }

    /** fence_virtd's notion of "on" for status: anything but shut off. */
    public boolean isOn() {
        return this != SHUTOFF;
    }
}
