package org.jfenced.admin.api;

/** What the daemon and jfencectl agree on besides the messages in {@code admin.proto}. */
public final class AdminProtocol {

    /** Raised when a message changes in a way an older peer would misread; see {@code admin.proto}. */
    public static final int VERSION = 1;

    /** Where the socket is unless {@code fence_virtd/@admin_socket} says otherwise. */
    public static final String DEFAULT_SOCKET = "/run/jfenced/admin.sock";

    /** A request is a command line: far below this. */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;

    /** Replies carry tables of VMs and history; this bounds what a client buffers. */
    public static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

    private AdminProtocol() {
    }

    /** The release of this jar (its manifest's Implementation-Version), {@code dev} in a build tree. */
    public static String release() {
        String v = AdminProtocol.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
