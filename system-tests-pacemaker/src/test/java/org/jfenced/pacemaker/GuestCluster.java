package org.jfenced.pacemaker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Network.Ipam;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * Three containers forming a corosync + Pacemaker cluster (nodes guest1..3, VMs vm-guest1..3) on a
 * docker network of the rig whose bridge is {@link #BRIDGE}, at {@link #GATEWAY}: where the host daemon
 * listens. Every guest holds the fence key at {@link #KEY_PATH}. Fixed addresses, so a guest that was
 * killed and started again comes back as the same corosync node.
 */
final class GuestCluster implements AutoCloseable {

    static final String LABEL = "org.jfenced.pacemaker-guest";
    static final String BRIDGE = "jfpcmk0";
    static final String SUBNET = "10.229.1.0/24";
    static final String GATEWAY = "10.229.1.1";
    static final String KEY_PATH = "/etc/cluster/fence_xvm.key";
    static final Duration FORMATION = Duration.ofSeconds(120);

    final List<Guest> guests = new ArrayList<>();
    final DockerRig rig;
    private final Network network;
    private final byte[] key;

    private GuestCluster(DockerRig rig, Network network, byte[] key) {
        this.rig = rig;
        this.network = network;
        this.key = key.clone();
    }

    /**
     * Starts the cluster with {@code key} in every guest and waits until Pacemaker has all three nodes
     * online. Guests and networks a killed run left behind are removed first.
     */
    static GuestCluster start(DockerRig rig, byte[] key) {
        removeLeftovers();
        Network network = Network.builder()
                .driver("bridge")
                .createNetworkCmdModifier(cmd -> cmd.withName("jfenced-pacemaker")
                        .withLabels(Map.of(LABEL, "true"))
                        .withOptions(Map.of("com.docker.network.bridge.name", BRIDGE))
                        .withIpam(new Ipam().withConfig(new Ipam.Config().withSubnet(SUBNET).withGateway(GATEWAY))))
                .build();
        GuestCluster cluster = new GuestCluster(rig, network, key);
        try {
            byte[] corosyncConf = corosyncConf(3).getBytes(StandardCharsets.UTF_8);
            for (int i = 1; i <= 3; i++) {
                cluster.guests.add(guest(rig, network, i, corosyncConf, key));
            }
            cluster.guests.parallelStream().forEach(g -> g.container.start());
            cluster.awaitOnline(cluster.guests.get(0), FORMATION);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    Guest guest(int n) {
        return guests.get(n - 1);
    }

    /** The fence key every guest holds at {@link #KEY_PATH}, written to {@code file} for the host daemon. */
    Path writeKey(Path file) {
        return HostDaemon.writePrivate(file, key);
    }

    /**
     * A clean slate for a test class: every guest running and online, no resources, no constraints, and
     * fencing enabled. What an earlier class configured (or left fenced) is gone.
     */
    void resetConfiguration() {
        for (Guest g : guests) {
            if (!g.running()) {
                g.container.getDockerClient().startContainerCmd(g.container.getContainerId()).exec();
            } else if (g.exec("pidof", "pacemakerd").getExitCode() != 0) {
                // its Pacemaker stopped itself on learning it was fenced while it ran on (the test driver's
                // fences leave guests running): only a reboot brings such a node back, as on a real one
                g.container.getDockerClient().restartContainerCmd(g.container.getContainerId()).withTimeout(0).exec();
            }
        }
        Guest first = guest(1);
        awaitOnline(first, FORMATION);
        first.sh("cibadmin --replace -o constraints --xml-text '<constraints/>'"
                + " && cibadmin --replace -o resources --xml-text '<resources/>'");
        // A fencer drops a device some time after it left the CIB, and keeps one registered by hand until it is
        // deregistered: either would still fence for the next class.
        for (Guest g : guests) {
            g.awaitOutput("for d in $(stonith_admin --list-registered | grep -v ' found'); do"
                    + " stonith_admin --deregister $d >/dev/null; done; stonith_admin --list-registered 2>&1",
                    out -> out.lines().map(String::trim).allMatch(l -> l.isEmpty() || l.contains("found")), FORMATION,
                    "no fence device registered");
        }
        Pacemaker.enableStonith(first);
    }

    /** Waits until {@code observer}'s Pacemaker sees every node online and a DC elected. */
    void awaitOnline(Guest observer, Duration timeout) {
        observer.awaitOutput("crm_mon -1 2>&1", out -> out.contains("Online: [ guest1 guest2 guest3 ]")
                && out.contains("Current DC: guest"), timeout, "all three nodes online");
    }

    @Override
    public void close() {
        for (Guest g : guests) {
            g.container.stop();
        }
        network.close();
    }

    private static Guest guest(DockerRig rig, Network network, int n, byte[] corosyncConf, byte[] key) {
        String node = "guest" + n;
        String vm = "vm-" + node;
        String address = address(n);
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(rig.image))
                .withNetwork(network)
                .withLabel(LABEL, "true")
                .withCommand("/usr/local/sbin/guest-boot")
                .withCopyToContainer(Transferable.of(resource("guest/guest-boot"), 0755), "/usr/local/sbin/guest-boot")
                .withCopyToContainer(Transferable.of(corosyncConf, 0644), "/etc/corosync/corosync.conf")
                .withCopyToContainer(Transferable.of(key, 0600), KEY_PATH)
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withName(vm).withHostName(node).withIpv4Address(address);
                    // tini as PID 1 reaps what corosync and pacemakerd leave, as init would on a VM
                    cmd.getHostConfig().withInit(true);
                });
        return new Guest(node, vm, address, c);
    }

    static String address(int n) {
        return "10.229.1." + (10 + n);
    }

    private static String corosyncConf(int nodes) {
        StringBuilder list = new StringBuilder();
        for (int i = 1; i <= nodes; i++) {
            list.append("""
                        node {
                            name: guest%d
                            nodeid: %d
                            ring0_addr: %s
                        }
                    """.formatted(i, i, address(i)));
        }
        return """
                totem {
                    version: 2
                    cluster_name: guests
                    transport: knet
                    crypto_cipher: none
                    crypto_hash: none
                    token: 3000
                }
                nodelist {
                %s}
                quorum {
                    provider: corosync_votequorum
                }
                logging {
                    to_stderr: no
                    to_syslog: no
                    to_logfile: yes
                    logfile: /var/log/corosync.log
                    timestamp: on
                }
                """.formatted(list);
    }

    /** Containers and networks with our label that a killed run left on the rig. */
    private static void removeLeftovers() {
        DockerClient docker = DockerClientFactory.instance().client();
        docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL, "true")).exec()
                .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
        docker.listNetworksCmd().withFilter("label", List.of(LABEL + "=true")).exec()
                .forEach(n -> docker.removeNetworkCmd(n.getId()).exec());
    }

    private static byte[] resource(String name) {
        try (InputStream in = GuestCluster.class.getResourceAsStream("/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
