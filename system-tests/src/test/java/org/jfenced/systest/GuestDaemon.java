package org.jfenced.systest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * The fencing daemon under test on a {@link GuestHost}: {@code bin/jfenced} or the C {@code fence_virtd},
 * one listener, backend libvirt on that host's {@code qemu:///system}, the same config file for both.
 */
final class GuestDaemon implements AutoCloseable {

    enum Kind { JFENCED, C }

    /** Where the guests reach the daemon: the multicast listener of fence_xvm or the TCP one of fence_virt -T. */
    enum Transport {
        MULTICAST("multicast", """
                	multicast {
                		key_file = "%s";
                		address = "225.0.0.12";
                		port = "1229";
                		family = "ipv4";
                		interface = "%s";
                	}
                """),
        TCP("tcp", """
                	tcp {
                		key_file = "%s";
                		address = "%s";
                		port = "1229";
                		family = "ipv4";
                	}
                """),
        SERIAL("serial", Transport.SERIAL_BLOCK),
        VMCHANNEL("serial", Transport.SERIAL_BLOCK);

        private static final String SERIAL_BLOCK = """
                	serial {
                		key_file = "%s";
                		path = "%s";
                		mode = "%s";
                	}
                """;

        final String listener;
        private final String block;

        Transport(String listener, String block) {
            this.listener = listener;
            this.block = block;
        }

        /** The real client's command line in guest 1 for {@code action} on {@code target} (null for list). */
        String client(String action, String target) {
            String t = target == null ? "" : " -H " + target;
            return switch (this) {
                case MULTICAST -> "fence_xvm -a 225.0.0.12 -k /etc/cluster/fence_xvm.key -t 30 -o " + action + t;
                case TCP -> "fence_virt -T " + GuestHost.HOST_V4 + " -p 1229 -k /etc/cluster/fence_xvm.key -t 30 -o "
                        + action + t;
                case SERIAL -> "fence_virt -D /dev/ttyS1 -t 30 -o " + action + t;
                // fence_virt's VMChannel mode speaks TCP to channel_address; socat relays that to the virtio
                // port. The relay is stopped afterwards, and "(exit $rc)" keeps the client's exit code as $?
                case VMCHANNEL -> "socat TCP-LISTEN:1229,bind=127.0.0.1,reuseaddr,fork /dev/virtio-ports/" + Guest.CHANNEL
                        + " >/dev/null 2>&1 & relay=$!; sleep 1; fence_virt -A 127.0.0.1 -p 1229 -t 30 -o " + action + t
                        + "; rc=$?; kill $relay; (exit $rc)";
            };
        }
    }

    final Kind kind;
    final Transport transport;
    private final JfencedProcess jfenced;
    private final Process c;
    private final Path log;

    private GuestDaemon(Kind kind, Transport transport, JfencedProcess jfenced, Process c, Path log) {
        this.kind = kind;
        this.transport = transport;
        this.jfenced = jfenced;
        this.c = c;
        this.log = log;
    }

    /** Starts the daemon and waits until it serves. */
    static GuestDaemon start(GuestWorld world, Kind kind, Transport transport) {
        Path dir;
        try {
            dir = Files.createTempDirectory(world.dir, kind.name().toLowerCase() + "-" + transport.name().toLowerCase());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Path config = dir.resolve("fence_virt.conf");
        String second = switch (transport) {
            case MULTICAST -> GuestHost.BRIDGE;
            case TCP -> GuestHost.HOST_V4;
            case SERIAL, VMCHANNEL -> world.dir.resolve(Guest.PORTS).toString();
        };
        writePrivate(config, """
                fence_virtd {
                	listener = "%s";
                	backend = "libvirt";
                	module_path = "/usr/lib/x86_64-linux-gnu/fence-virt";
                	admin_socket = "%s";
                	journal_dir = "%s";
                }
                listeners {
                %s}
                backends {
                	libvirt {
                		uri = "%s";
                	}
                }
                """.formatted(transport.listener, dir.resolve("admin.sock"), dir,
                transport.block.formatted(world.key, second, transport.name().toLowerCase()), GuestHost.URI));
        if (kind == Kind.JFENCED) {
            JfencedProcess p = JfencedProcess.startOn(world.host, dir, config);
            return new GuestDaemon(kind, transport, p, null, null);
        }
        Requirements.binary("/usr/sbin/fence_virtd", "fence-virtd");
        Path log = dir.resolve("fence_virtd.log");
        Process p = world.host.startDaemon(log, List.of("/usr/sbin/fence_virtd", "-F", "-d", "1", "-f", config.toString(),
                "-p", dir.resolve("fence_virtd.pid").toString()));
        GuestDaemon d = new GuestDaemon(kind, transport, null, p, log);
        d.awaitServing(world);
        return d;
    }

    /** The C daemon says nothing when it is ready: its socket being bound (or, for serial, time) tells. */
    private void awaitServing(GuestWorld world) {
        GuestHost host = world.host;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!c.isAlive()) {
                throw new AssertionError("fence_virtd exited with " + c.exitValue() + ":\n" + log());
            }
            boolean ready = switch (transport) {
                case MULTICAST, TCP -> host.run(Duration.ofSeconds(10), "ss", "-Hlnu" + (transport == Transport.TCP ? "t" : ""))
                        .stdout().contains(":1229");
                case SERIAL, VMCHANNEL -> true;
            };
            if (ready) {
                return;
            }
            JfencedProcess.sleep(100);
        }
        throw new AssertionError("fence_virtd does not serve after 30 s:\n" + log());
    }

    /**
     * A serial listener connects to a guest's socket once it has seen the guest start; qemu drops what
     * a guest writes to a port nobody is connected to, so the tests wait until both guests' ports are.
     */
    void awaitPortsConnected(GuestWorld world) {
        if (transport != Transport.SERIAL && transport != Transport.VMCHANNEL) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String connected = world.host.run(Duration.ofSeconds(10), "ss", "-Hx").stdout();
            if (world.guests().stream().allMatch(g -> connected.contains(g.portSocket(transport).toString()))) {
                return;
            }
            JfencedProcess.sleep(200);
        }
        throw new AssertionError(this + " did not connect to the guests' " + transport + " ports:\n" + log());
    }

    String log() {
        if (jfenced != null) {
            return jfenced.log();
        }
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }

    @Override
    public void close() {
        if (jfenced != null) {
            jfenced.close();
        } else {
            // the C daemon may sit in a wait that ignores SIGTERM
            Processes.kill(c.toHandle());
        }
    }

    @Override
    public String toString() {
        return (kind == Kind.JFENCED ? "jfenced" : "fence_virtd") + " " + transport.name().toLowerCase();
    }

    static void writePrivate(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
