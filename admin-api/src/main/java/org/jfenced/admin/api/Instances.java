package org.jfenced.admin.api;

import java.nio.file.Path;

/**
 * Several daemons may run on one host, one per guest cluster, each started with its own {@code -p} as
 * fence_virtd allows. Each is an instance named after its pid file ({@code /run/fenceA.pid} is instance
 * {@code fenceA}), and each gets its own default admin socket, so a second daemon never finds the
 * socket of the first taken. The default pid file is the default instance, whose socket is
 * {@value AdminProtocol#DEFAULT_SOCKET} as before.
 */
public final class Instances {

    /** The daemon's pid file unless {@code -p} names another. */
    public static final String DEFAULT_PID_FILE = "/run/jfenced.pid";

    /** The instance of {@link #DEFAULT_PID_FILE}. */
    public static final String DEFAULT_INSTANCE = "jfenced";

    private static final String SOCKET_DIR = "/run/jfenced";

    private Instances() {
    }

    /** The instance a pid file belongs to: its file name without {@code .pid}. */
    public static String ofPidFile(Path pidFile) {
        String name = pidFile.getFileName().toString();
        return name.endsWith(".pid") && name.length() > ".pid".length() ? name.substring(0, name.length() - 4) : name;
    }

    /**
     * The admin socket of {@code instance} when the config names none.
     *
     * @throws IllegalArgumentException for a name that is empty, starts with a dot or contains a slash
     */
    public static Path defaultSocket(String instance) {
        if (instance.isEmpty() || instance.startsWith(".") || instance.contains("/")) {
            throw new IllegalArgumentException("not an instance name: \"" + instance
                    + "\" (the pid file's name without .pid, e.g. fenceA for /run/fenceA.pid)");
        }
        return Path.of(SOCKET_DIR, instance.equals(DEFAULT_INSTANCE) ? "admin.sock" : instance + ".sock");
    }

    /** The admin socket of the daemon started with {@code -p pidFile}, when the config names none. */
    public static Path defaultSocketFor(Path pidFile) {
        return defaultSocket(ofPidFile(pidFile));
    }
}
