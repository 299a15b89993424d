package org.jfenced.systest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The real fence_xvm (Debian package fence-virt), run inside a guest's namespace. */
final class FenceXvm implements FenceClient {

    private final Path binary = Requirements.binary("/usr/sbin/fence_xvm", "fence-virt");
    private final NetNamespace guest;
    private final String group;
    private final Path key;
    private final int timeoutSeconds;

    /**
     * @param group the multicast group: 225.0.0.12 for IPv4, ff05::3:1 for IPv6 (the client picks the
     *     family from it)
     */
    FenceXvm(NetNamespace guest, String group, Path key) {
        this(guest, group, key, 10);
    }

    private FenceXvm(NetNamespace guest, String group, Path key, int timeoutSeconds) {
        this.guest = guest;
        this.group = group;
        this.key = key;
        this.timeoutSeconds = timeoutSeconds;
    }

    @Override
    public FenceXvm withKey(Path otherKey) {
        return new FenceXvm(guest, group, otherKey, timeoutSeconds);
    }

    /**
     * A client that gives up after {@code seconds}; with 2 it sends its copies once and waits one
     * retransmission interval, the shortest useful run for a request that must go unanswered.
     */
    FenceXvm withTimeout(int seconds) {
        return new FenceXvm(guest, group, key, seconds);
    }

    /** {@code fence_xvm -a GROUP -k KEY -t TIMEOUT ARGS…}. */
    @Override
    public ClientRun run(String... args) {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "-a", group, "-k", key.toString(),
                "-t", String.valueOf(timeoutSeconds)));
        cmd.addAll(List.of(args));
        return guest.run(limit(), null, cmd.toArray(String[]::new));
    }

    /** The Pacemaker way: no arguments, {@code key=value} lines on stdin. */
    @Override
    public ClientRun runStdin(String... lines) {
        StringBuilder in = new StringBuilder("multicast_address=" + group + "\nkey_file=" + key + "\ntimeout="
                + timeoutSeconds + "\n");
        for (String l : lines) {
            in.append(l).append('\n');
        }
        return guest.run(limit(), in.toString(), binary.toString());
    }

    /** The client's own deadline plus time for each exchange step, which also waits up to the timeout. */
    private Duration limit() {
        return Duration.ofSeconds(5L * timeoutSeconds + 10);
    }
}
