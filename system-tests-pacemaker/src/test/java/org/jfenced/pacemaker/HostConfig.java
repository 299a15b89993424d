package org.jfenced.pacemaker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * fence_virt.conf for the host daemon: the multicast listener on the guests' bridge (fence_xvm) or the TCP
 * listener at the bridge address (fence_virt), and backend docker (the guests' containers) or libvirt (the
 * test driver with domains named as the containers).
 */
final class HostConfig {

    private final Path dir;
    private final Path key;
    private final String backend;
    private final String backendBlock;
    private String listener;
    private String extra = "";

    private HostConfig(Path dir, Path key, String backend, String backendBlock) {
        this.dir = dir;
        this.key = key;
        this.backend = backend;
        this.backendBlock = backendBlock;
        this.listener = multicast();
    }

    /** Backend docker on the rig's daemon: the guests' containers are the VMs. */
    static HostConfig docker(Path dir, Path key, DockerRig rig) {
        return new HostConfig(dir, key, "docker", """
                	docker {
                		host = "%s";
                		label = "%s";
                	}
                """.formatted(rig.dockerHost, GuestCluster.LABEL));
    }

    /** Backend libvirt on the test driver whose domains are named as the guests' containers. */
    static HostConfig libvirtTestDriver(Path dir, Path key, Path nodeXml) {
        return new HostConfig(dir, key, "libvirt", """
                	libvirt {
                		uri = "test://%s";
                	}
                """.formatted(nodeXml));
    }

    /** The TCP listener at the bridge address, for fence_virt -T / ipaddr. */
    HostConfig tcp() {
        listener = """
                	tcp {
                		address = "%s";
                		port = "1229";
                		key_file = "%s";
                	}
                """.formatted(GuestCluster.GATEWAY, key);
        return this;
    }

    /** Extra top-level blocks, such as {@code groups { … }}. */
    HostConfig with(String blocks) {
        extra = blocks;
        return this;
    }

    Path write(String name) {
        String kind = listener.contains("tcp {") ? "tcp" : "multicast";
        String text = """
                fence_virtd {
                	listener = "%s";
                	backend = "%s";
                	admin_socket = "%s";
                	journal_dir = "%s";
                	module_path = "/usr/lib/x86_64-linux-gnu/fence-virt";
                }
                listeners {
                %s}
                backends {
                %s}
                %s
                """.formatted(kind, backend, dir.resolve("admin.sock"), dir, listener, backendBlock, extra);
        return HostDaemon.writePrivate(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
    }

    private String multicast() {
        return """
                	multicast {
                		key_file = "%s";
                		address = "225.0.0.12";
                		port = "1229";
                		interface = "%s";
                	}
                """.formatted(key, GuestCluster.BRIDGE);
    }
}
