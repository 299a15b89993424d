package org.jfenced.backend.cpg;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jfenced.backend.cpg.state.NameMode;
import org.jfenced.libvirt.LibvirtHost;
import org.jfenced.libvirt.PoolSettings;
import org.jfenced.libvirt.TestHosts;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmInfo;
import org.libvirt.Domain;

/** The three test hosts of src/test/resources/hosts and shortcuts for driving cpg backends on them. */
final class Hosts {

    static final PoolSettings FAST = TestHosts.FAST;

    /** Short, so that tests of a node that left wait little; the promise is the same. */
    static final Duration SELF_FENCE_TIMEOUT = Duration.ofMillis(1500);
    /** The skew of a test cluster's corosync (token 500 + consensus 600 ms), as cmap would report it. */
    static final Duration SPLIT_SKEW = Duration.ofMillis(1100);

    private Hosts() {
    }

    /** The test driver URI of host {@code node}, a private copy of its node file in {@code dir}. */
    static String uri(Path dir, int node) throws IOException {
        Path file = dir.resolve("node" + node + ".xml").toAbsolutePath();
        try (InputStream in = Hosts.class.getResourceAsStream("/hosts/node" + node + ".xml")) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return "test://" + file;
    }

    static CpgSettings settings(String uri, Duration requestTimeout) {
        return new CpgSettings(List.of(uri), NameMode.NAME, "jfenced-test", requestTimeout, true, Duration.ofMinutes(10),
                new SelfFenceSettings(true, "", SELF_FENCE_TIMEOUT), SPLIT_SKEW);
    }

    static FenceResult fence(CpgBackend backend, FenceAction action, String target) {
        return TestHosts.fence(backend, action, target);
    }

    static List<VmInfo> hostList(CpgBackend backend) {
        return TestHosts.hostList(backend);
    }

    /** Runs {@code change} on a domain of the host's own libvirt connection (a test driver's state is per connection). */
    static void onDomain(CpgBackend backend, String name, DomainChange change) {
        LibvirtHost libvirt = backend.localLibvirt();
        try {
            libvirt.pool().submit(() -> {
                try (var lease = libvirt.pool().lease(0).orElseThrow()) {
                    Domain d = lease.connect().domainLookupByName(name);
                    try {
                        change.apply(d);
                    } finally {
                        d.free();
                    }
                }
                return null;
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("changing " + name + " failed", e);
        }
    }

    /** A domain's state as the host's own libvirt connection reports it. */
    static boolean isRunning(CpgBackend backend, String name) {
        boolean[] on = new boolean[1];
        onDomain(backend, name, d -> on[0] = d.isActive() == 1);
        return on[0];
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within " + timeout);
            Thread.sleep(20);
        }
    }

    @FunctionalInterface
    interface DomainChange {
        void apply(Domain domain) throws org.libvirt.LibvirtException;
    }
}
