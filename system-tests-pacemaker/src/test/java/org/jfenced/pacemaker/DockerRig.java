package org.jfenced.pacemaker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Docker daemon of {@code scripts/docker-rig.sh}, as its {@code env} command describes it: the socket,
 * the network namespace dockerd and every container address live in, and the guest image. Without them
 * the tests fail and say how to get them: a Pacemaker test that skipped would prove nothing.
 */
final class DockerRig {

    static final String HOW = "start the rig and export its variables: scripts/docker-rig.sh start && "
            + "eval \"$(scripts/docker-rig.sh env)\" (scripts/test does both)";

    final String dockerHost;
    final String namespace;
    final String image;

    private DockerRig(String dockerHost, String namespace, String image) {
        this.dockerHost = dockerHost;
        this.namespace = namespace;
        this.image = image;
    }

    static DockerRig fromEnvironment() {
        String host = required("DOCKER_HOST");
        String ns = required("JFENCED_DOCKER_NETNS");
        String image = required("JFENCED_GUEST_IMAGE");
        if (!Files.exists(Path.of("/run/netns", ns))) {
            throw new IllegalStateException("network namespace " + ns + " does not exist: " + HOW);
        }
        return new DockerRig(host, ns, image);
    }

    /** {@code cmd} run inside the rig's network namespace, where the containers can be reached. */
    List<String> inside(List<String> cmd) {
        List<String> full = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + namespace, "--"));
        full.addAll(cmd);
        return full;
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: " + HOW);
        }
        return value;
    }
}
