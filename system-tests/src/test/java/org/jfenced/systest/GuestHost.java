package org.jfenced.systest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A hypervisor of real qemu guests that the test owns: {@code libvirtd} (qemu driver) and
 * {@code virtlogd} inside a network namespace of their own, whose only network is the bridge
 * {@value #BRIDGE} ({@value #HOST_V4}/24, no route out, no forwarding), so every tap device and every
 * guest address exists only there. libvirt's directories ({@code /etc/libvirt}, {@code /run/libvirt},
 * {@code /var/lib/libvirt}, {@code /var/log/libvirt}, {@code /var/cache/libvirt}) are bind-mounted from
 * the test's directory in each command's private mount namespace ({@code ip netns exec} makes one per
 * command, and the mounts die with it), so {@code qemu:///system} inside is this libvirtd and nothing
 * of the machine's. Everything that runs inside is stopped by pid: at {@link #close()} every process in
 * the namespace ({@code ip netns pids}), guests' qemu included, since only this test puts processes there.
 */
final class GuestHost implements AutoCloseable {

    static final String BRIDGE = "jfbr0";
    static final String HOST_V4 = "10.251.0.1";
    static final String URI = "qemu:///system";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> LIBVIRT_DIRS =
            List.of("/etc/libvirt", "/run/libvirt", "/var/lib/libvirt", "/var/log/libvirt", "/var/cache/libvirt");

    final NetNamespace ns;
    final Path dir;
    private Process libvirtd;

    private GuestHost(NetNamespace ns, Path dir) {
        this.ns = ns;
        this.dir = dir;
    }

    /** A namespace with the bridge up, and libvirtd and virtlogd serving in it. */
    static GuestHost start(Path dir) {
        Requirements.binary("/usr/sbin/libvirtd", "libvirt-daemon");
        Requirements.binary("/usr/sbin/virtlogd", "libvirt-daemon");
        Requirements.binary("/usr/bin/virsh", "libvirt-clients");
        Requirements.binary("/usr/bin/qemu-system-x86_64", "qemu-system-x86");
        NetNamespace ns = NetNamespace.create();
        GuestHost host = new GuestHost(ns, dir);
        try {
            host.writeLibvirtConfig();
            ns.ip("link", "add", BRIDGE, "type", "bridge", "mcast_snooping", "0", "stp_state", "0");
            ns.ip("addr", "add", HOST_V4 + "/24", "dev", BRIDGE);
            ns.ip("link", "set", BRIDGE, "up");
            ns.sysctl("net.ipv4.ip_forward", "0");
            host.startDaemon("virtlogd.log", List.of("/usr/sbin/virtlogd"));
            host.startLibvirtd();
        } catch (RuntimeException | Error e) {
            host.close();
            throw e;
        }
        return host;
    }

    /**
     * libvirt's files for this host only: qemu runs as root without relabelling, cgroups or a mount
     * namespace of its own (there is no systemd to delegate them), and no network is defined, so
     * libvirt's {@code default} network and its NAT never exist.
     */
    private void writeLibvirtConfig() {
        try {
            for (String d : LIBVIRT_DIRS) {
                Files.createDirectories(local(d));
            }
            Files.writeString(local("/etc/libvirt").resolve("qemu.conf"), String.join("\n",
                    "user = \"root\"", "group = \"root\"", "dynamic_ownership = 0", "remember_owner = 0",
                    "security_driver = \"none\"", "cgroup_controllers = [ ]", "namespaces = [ ]",
                    "stdio_handler = \"logd\"", ""), StandardCharsets.UTF_8);
            Files.writeString(local("/etc/libvirt").resolve("libvirtd.conf"), String.join("\n",
                    "unix_sock_group = \"root\"", "unix_sock_rw_perms = \"0700\"", "auth_unix_rw = \"none\"",
                    "log_outputs = \"3:stderr\"", ""), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write libvirt's config under " + dir, e);
        }
    }

    /** Where the host's {@code path} (one of libvirt's directories) lives for this host. */
    Path local(String path) {
        return dir.resolve("libvirt").resolve(path.substring(1).replace('/', '_'));
    }

    /** Starts libvirtd and waits until {@code virsh} gets an answer from it. */
    void startLibvirtd() {
        libvirtd = startDaemon("libvirtd-" + System.nanoTime() + ".log", List.of("/usr/sbin/libvirtd"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            ClientRun r = run(Duration.ofSeconds(20), "virsh", "-c", URI, "uri");
            if (r.exit() == 0) {
                return;
            }
            if (!libvirtd.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("libvirtd did not come up: " + r + "\n" + readLog("libvirtd"));
            }
            JfencedProcess.sleep(200);
        }
    }

    /** SIGKILL to libvirtd, as a crash; the guests' qemu processes run on. */
    void killLibvirtd() {
        Processes.kill(libvirtd.toHandle());
    }

    /** Starts a daemon inside with libvirt's directories, its output in {@code logName} under the host's directory. */
    Process startDaemon(String logName, List<String> cmd) {
        return startDaemon(dir.resolve(logName), cmd);
    }

    /** Starts a daemon inside with libvirt's directories, its output in {@code log}. */
    Process startDaemon(Path log, List<String> cmd) {
        return ns.start(log, inside(cmd));
    }

    /** Runs a command inside (network namespace and libvirt's directories) to its end. */
    ClientRun run(Duration timeout, String... cmd) {
        return ns.run(timeout, null, inside(List.of(cmd)).toArray(String[]::new));
    }

    /** {@code virsh -c qemu:///system ARGS…}, which must succeed; its stdout, trimmed. */
    String virsh(String... args) {
        List<String> cmd = new ArrayList<>(List.of("virsh", "-c", URI));
        cmd.addAll(List.of(args));
        ClientRun r = run(COMMAND_TIMEOUT, cmd.toArray(String[]::new));
        if (r.exit() != 0) {
            throw new AssertionError("virsh " + String.join(" ", args) + " failed: " + r);
        }
        return r.stdout().trim();
    }

    /** Like {@link #virsh} but returns the run, whatever its exit. */
    ClientRun tryVirsh(String... args) {
        List<String> cmd = new ArrayList<>(List.of("virsh", "-c", URI));
        cmd.addAll(List.of(args));
        return run(COMMAND_TIMEOUT, cmd.toArray(String[]::new));
    }

    /**
     * Wraps {@code cmd} so that it runs with libvirt's directories bound to this host's copies; the
     * mounts live in the mount namespace {@code ip netns exec} gives the command, and end with it.
     */
    private List<String> inside(List<String> cmd) {
        StringBuilder script = new StringBuilder();
        for (String d : LIBVIRT_DIRS) {
            script.append("mkdir -p '").append(d).append("' && mount --bind '").append(local(d)).append("' '")
                    .append(d).append("' && ");
        }
        script.append("exec \"$@\"");
        List<String> full = new ArrayList<>(List.of("sh", "-c", script.toString(), "guest-host"));
        full.addAll(cmd);
        return full;
    }

    /** The routes of the namespace: the test checks that the guests' network leads nowhere. */
    String routes() {
        return ns.ip("route", "show", "table", "all");
    }

    String readLog(String prefix) {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList()) {
                out.append("--- ").append(p.getFileName()).append('\n').append(Files.readString(p, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            out.append("<").append(e).append(">");
        }
        return out.toString();
    }

    /**
     * Stops every process in the namespace by pid (qemu first would not help: libvirtd restarts
     * nothing, and all of them are ours), then deletes the namespace with the bridge and the taps.
     */
    @Override
    public void close() {
        for (String pid : ns.pids()) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(p -> Processes.stop(p, Duration.ofSeconds(5)));
        }
        ns.close();
    }
}
