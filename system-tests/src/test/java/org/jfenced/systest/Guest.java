package org.jfenced.systest;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * One real qemu guest (TCG: {@code /dev/kvm} here cannot boot stock kernels) of a {@link GuestHost}:
 * the Debian image of {@code scripts/guest-image.sh} booted directly, on a qcow2 overlay of its own,
 * with a NIC on the host's bridge, an emulated serial port at {@code /dev/ttyS1} and a virtio-serial
 * port {@value #CHANNEL}, both bound by qemu to UNIX sockets for the serial listener, and the guest
 * agent. It boots once ({@link #bootAndSave}); each test {@link #restore}s the saved state with a copy
 * of the overlay as it was then, which takes about a second instead of a boot's minute of a CPU.
 *
 * <p>Commands run in the guest through the guest agent's {@code guest-exec}, not over the network: it
 * needs no login, keys or sshd in the image, and works while the guest's NIC is down.
 */
final class Guest {

    static final String CHANNEL = "org.jfenced.fence";
    /** The directory, under the host's, of the guests' serial and vmchannel sockets. */
    static final String PORTS = "ports";
    /** What the guest writes to its console when a command it was given starts and ends; see {@link #startMarked}. */
    static final String START_MARK = "jf-start";
    static final String DONE_MARK = "jf-done";

    final GuestHost host;
    final String name;
    final String uuid;
    final String address;
    final Path serialSocket;
    final Path channelSocket;
    private final Path overlay;
    private final Path savedOverlay;
    private final Path savedState;
    private final Path console;

    private Guest(GuestHost host, int index) {
        this.host = host;
        this.name = "g" + index;
        this.uuid = String.format("6a666e63-6775-4573-8000-%012d", index);
        this.address = "10.251.0." + (10 + index);
        Path dir = host.dir.resolve(name);
        this.overlay = dir.resolve("disk.qcow2");
        this.savedOverlay = dir.resolve("disk-saved.qcow2");
        this.savedState = dir.resolve("saved.state");
        this.console = dir.resolve("console.log");
        // one directory for every guest's ports: fence_virtd's path filter takes sockets directly inside it
        this.serialSocket = host.dir.resolve(PORTS).resolve(name + "-serial.sock");
        this.channelSocket = host.dir.resolve(PORTS).resolve(name + "-channel.sock");
    }

    /** Defines guest {@code g<index>} on a fresh overlay of the image in {@code imageDir}. */
    static Guest define(GuestHost host, Path imageDir, int index) {
        Guest g = new Guest(host, index);
        try {
            Files.createDirectories(g.overlay.getParent());
            Files.createDirectories(g.serialSocket.getParent());
            Files.writeString(g.overlay.getParent().resolve("domain.xml"), g.domainXml(imageDir), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ClientRun img = host.run(Duration.ofSeconds(30), "qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw",
                "-b", imageDir.resolve("base.raw").toString(), g.overlay.toString());
        if (img.exit() != 0) {
            throw new AssertionError("qemu-img create failed: " + img);
        }
        host.virsh("define", g.overlay.getParent().resolve("domain.xml").toString());
        return g;
    }

    private String domainXml(Path imageDir) {
        int index = Integer.parseInt(name.substring(1));
        return """
                <domain type='qemu'>
                  <name>%s</name>
                  <uuid>%s</uuid>
                  <memory unit='MiB'>512</memory>
                  <vcpu>1</vcpu>
                  <os>
                    <type arch='x86_64' machine='pc'>hvm</type>
                    <kernel>%s</kernel>
                    <initrd>%s</initrd>
                    <cmdline>console=ttyS0 root=/dev/vda rw quiet no_timer_check panic=10 net.ifnames=0</cmdline>
                  </os>
                  <features><acpi/></features>
                  <on_poweroff>destroy</on_poweroff>
                  <on_reboot>restart</on_reboot>
                  <on_crash>destroy</on_crash>
                  <devices>
                    <emulator>/usr/bin/qemu-system-x86_64</emulator>
                    <disk type='file' device='disk'>
                      <driver name='qemu' type='qcow2'/>
                      <source file='%s'/>
                      <target dev='vda' bus='virtio'/>
                    </disk>
                    <interface type='bridge'>
                      <source bridge='%s'/>
                      <mac address='52:54:00:fe:00:%02x'/>
                      <model type='virtio'/>
                    </interface>
                    <serial type='file'>
                      <source path='%s'/>
                      <target port='0'/>
                    </serial>
                    <serial type='unix'>
                      <source mode='bind' path='%s'/>
                      <target port='1'/>
                    </serial>
                    <channel type='unix'>
                      <source mode='bind' path='%s'/>
                      <target type='virtio' name='%s'/>
                    </channel>
                    <channel type='unix'>
                      <target type='virtio' name='org.qemu.guest_agent.0'/>
                    </channel>
                    <memballoon model='none'/>
                  </devices>
                </domain>
                """.formatted(name, uuid, imageDir.resolve("vmlinuz"), imageDir.resolve("initrd.img"), overlay,
                GuestHost.BRIDGE, index, console, serialSocket, channelSocket, CHANNEL);
    }

    /**
     * Boots the guest, waits for its agent, gives it its address (no route: only the bridge's subnet
     * and multicast), runs {@code setup}, and saves it with a copy of the overlay as it is at that moment.
     */
    void bootAndSave(Duration bootLimit, String setup) {
        host.virsh("start", name);
        awaitAgent(bootLimit);
        exec("ip link set eth0 up && ip addr add " + address + "/24 dev eth0 && ip route add 224.0.0.0/4 dev eth0"
                + " && hostname " + name + " && " + setup, Duration.ofSeconds(30)).assertExit(0);
        host.virsh("save", name, savedState.toString());
        copy(overlay, savedOverlay);
    }

    /** Back to the saved state, running, with the agent answering; whatever the guest went through before. */
    void restore() {
        if (isActive()) {
            host.virsh("destroy", name);
        }
        copy(savedOverlay, overlay);
        host.virsh("restore", savedState.toString());
        awaitAgent(Duration.ofSeconds(60));
    }

    /** The host side of the guest's serial port or vmchannel. */
    Path portSocket(GuestDaemon.Transport transport) {
        return transport == GuestDaemon.Transport.VMCHANNEL ? channelSocket : serialSocket;
    }

    boolean isActive() {
        return statusFile().toFile().exists();
    }

    /** libvirt's state of the domain as {@code virsh domstate} prints it: "running", "shut off", … */
    String state() {
        return host.virsh("domstate", name);
    }

    /**
     * libvirt's record of the running domain: it exists from start to the moment libvirt has seen the
     * domain stop, so its absence is libvirt saying shut off, and cheap to watch.
     */
    Path statusFile() {
        return host.local("/run/libvirt").resolve("qemu").resolve(name + ".xml");
    }

    /** The qemu process of the running guest. */
    Optional<ProcessHandle> qemu() {
        Path pidFile = host.local("/run/libvirt").resolve("qemu").resolve(name + ".pid");
        try {
            return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    Path consoleFile() {
        return console;
    }

    /** The console output so far (the guest's {@code /dev/ttyS0}). */
    String console() {
        try {
            return Files.exists(console) ? Files.readString(console, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }

    private void awaitAgent(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            ClientRun r = host.tryVirsh("qemu-agent-command", name, "--timeout", "5", "{\"execute\":\"guest-ping\"}");
            if (r.exit() == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": the guest agent did not answer within " + limit + ": " + r
                        + "\nconsole:\n" + console());
            }
            JfencedProcess.sleep(1000);
        }
    }

    /** Runs {@code shell} with {@code sh -c} in the guest and waits for its end. */
    GuestRun exec(String shell, Duration timeout) {
        return start(shell).await(timeout);
    }

    /** Starts {@code shell} with {@code sh -c} in the guest. */
    Started start(String shell) {
        String out = host.virsh("qemu-agent-command", name, "--timeout", "20",
                "{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"/bin/sh\",\"arg\":[\"-c\"," + json(shell)
                        + "],\"capture-output\":true}}");
        Map<String, Object> ret = result(out);
        return new Started(((BigDecimal) ret.get("pid")).longValue(), System.nanoTime());
    }

    /**
     * Starts {@code shell} in the guest so that the guest writes {@value #START_MARK} to its console
     * just before it and {@value #DONE_MARK} with its exit code when it ended: the host sees those
     * lines within milliseconds of the guest, while the agent's own round trips take half a second.
     */
    Started startMarked(String shell) {
        return start("echo " + START_MARK + " > /dev/ttyS0; " + shell + "; rc=$?; echo \"" + DONE_MARK
                + " $rc\" > /dev/ttyS0; exit $rc");
    }

    /** A command running in the guest. */
    final class Started {
        private final long pid;
        private final long startNanos;

        private Started(long pid, long startNanos) {
            this.pid = pid;
            this.startNanos = startNanos;
        }

        GuestRun await(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Map<String, Object> st = result(host.virsh("qemu-agent-command", name, "--timeout", "20",
                        "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid + "}}"));
                if (Boolean.TRUE.equals(st.get("exited"))) {
                    return new GuestRun(((BigDecimal) st.getOrDefault("exitcode", BigDecimal.valueOf(-1))).intValue(),
                            decode(st.get("out-data")), decode(st.get("err-data")),
                            (System.nanoTime() - startNanos) / 1_000_000);
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(name + ": command " + pid + " still runs after " + timeout);
                }
                JfencedProcess.sleep(200);
            }
        }
    }

    /** What a command in the guest printed and how it exited. */
    record GuestRun(int exit, String stdout, String stderr, long millis) {
        GuestRun assertExit(int expected) {
            if (exit != expected) {
                throw new AssertionError("expected exit " + expected + ": " + this);
            }
            return this;
        }

        @Override
        public String toString() {
            return "exit " + exit + " after " + millis + " ms\nstdout: " + stdout + "\nstderr: " + stderr;
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> result(String agentReply) {
        Object ret = JsonReader.object(agentReply).get("return");
        if (!(ret instanceof Map)) {
            throw new AssertionError(name + ": the agent answered " + agentReply);
        }
        return (Map<String, Object>) ret;
    }

    private static String decode(Object base64) {
        return base64 == null ? "" : new String(Base64.getDecoder().decode((String) base64), StandardCharsets.UTF_8);
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy " + from + " to " + to, e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
