package org.jfenced.spi;

/** libvirt's {@code virDomainState}; the number is what the host list sends in its state byte. */
public enum VmState {
    NOSTATE(0, "no state"),
    RUNNING(1, "running"),
    BLOCKED(2, "idle"),
    PAUSED(3, "paused"),
    SHUTDOWN(4, "in shutdown"),
    SHUTOFF(5, "shut off"),
    CRASHED(6, "crashed"),
    PMSUSPENDED(7, "pmsuspended");

    private final int code;
    private final String word;

    VmState(int code, String word) {
        this.code = code;
        this.word = word;
    }

    /** The state as {@code virsh domstate} names it ({@code running}, {@code shut off}), for people and the journal. */
    public String word() {
        return word;
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
