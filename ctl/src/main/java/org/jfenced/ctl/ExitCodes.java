package org.jfenced.ctl;

/**
 * jfencectl's own exit codes, from sysexits.h so that they stay clear of what commands answer (0 done,
 * 1 failed, 2 off, as fence_virt).
 */
final class ExitCodes {

    static final int USAGE = 64;
    /** The daemon is not running, or did not answer. */
    static final int UNAVAILABLE = 69;
    /** The daemon could not carry out the request at all. */
    static final int SOFTWARE = 70;
    /** Client and daemon speak different protocol versions. */
    static final int PROTOCOL = 76;
    static final int NO_PERMISSION = 77;

    private ExitCodes() {
    }
}
