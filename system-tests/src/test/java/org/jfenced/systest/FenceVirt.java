package org.jfenced.systest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real fence_virt client (Debian package fence-virt) in TCP mode against one daemon. */
final class FenceVirt implements FenceClient {

    private final Path binary = Requirements.binary("/usr/sbin/fence_virt", "fence-virt");
    private final String address;
    private final int port;
    private final Path key;
    /** Where the client runs: null for this test's own namespace. */
    private final NetNamespace namespace;

    FenceVirt(String address, int port, Path key) {
        this(address, port, key, null);
    }

    private FenceVirt(String address, int port, Path key, NetNamespace namespace) {
        this.address = address;
        this.port = port;
        this.key = key;
        this.namespace = namespace;
    }

    /** The same client run inside {@code guest}, as fence_virt runs in a VM. */
    FenceVirt inside(NetNamespace guest) {
        return new FenceVirt(address, port, key, guest);
    }

    FenceVirt(int port, Path key) {
        this("127.0.0.1", port, key);
    }

    @Override
    public FenceVirt withKey(Path otherKey) {
        return new FenceVirt(address, port, otherKey, namespace);
    }

    /** {@code fence_virt -T ADDRESS -p PORT -k KEY -t 10 ARGS…}. */
    @Override
    public ClientRun run(String... args) {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "-T", address, "-p", String.valueOf(port),
                "-k", key.toString(), "-t", "10"));
        cmd.addAll(List.of(args));
        return namespace == null ? exec(cmd, null)
                : namespace.run(java.time.Duration.ofSeconds(60), null, cmd.toArray(String[]::new));
    }

    /** The Pacemaker way: no arguments, {@code key=value} lines on stdin. */
    @Override
    public ClientRun runStdin(String... lines) {
        StringBuilder in = new StringBuilder("ipaddr=" + address + "\nipport=" + port + "\nkey_file=" + key + "\ntimeout=10\n");
        for (String l : lines) {
            in.append(l).append('\n');
        }
        return exec(List.of(binary.toString()), in.toString());
    }

    static ClientRun exec(List<String> cmd, String stdin) {
        return exec(new ProcessBuilder(cmd), stdin);
    }

    static ClientRun exec(ProcessBuilder pb, String stdin) {
        return exec(pb, stdin, java.time.Duration.ofSeconds(60));
    }

    static ClientRun exec(ProcessBuilder pb, String stdin, java.time.Duration timeout) {
        List<String> cmd = pb.command();
        long start = System.nanoTime();
        try {
            return ClientRun.await(pb.start(), stdin, timeout, cmd.toString(), start);
        } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError("cannot run " + cmd + ": " + e, e);
        }
    }
}
