package org.jfenced.libvirt;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;

/** The test driver hosts of src/test/resources and shortcuts for driving a backend against them. */
public final class TestHosts {

    /** UUIDs of node-a.xml: a common prefix, then the VM's number. */
    static final String A_RUN1_UUID = "a1a1a1a1-1111-4111-8111-aaaaaaaaaa01";
    static final String A_OFF1_UUID = "a1a1a1a1-1111-4111-8111-aaaaaaaaaa03";
    static final String A_SHARED_UUID = "a1a1a1a1-1111-4111-8111-aaaaaaaaaa0b";
    static final String B_SHARED_UUID = "b2b2b2b2-2222-4222-8222-bbbbbbbbbb04";

    static final List<String> A_NAMES_SORTED = List.of("Cherry", "vm-blocked", "vm-crashed", "vm-nostate", "vm-off1",
            "vm-paused", "vm-pmsuspended", "vm-run1", "vm-run2", "vm-shared", "vm-transient");
    static final List<String> B_NAMES_SORTED = List.of("Apple", "banana", "vm-b-run", "vm-shared");

    /** Fast reconnects so tests need not wait for the production 10 s backoff cap. */
    public static final PoolSettings FAST = PoolSettings.defaults().withBackoff(Duration.ofMillis(100), Duration.ofMillis(500));

    private static long seqno;

    private TestHosts() {
    }

    /** Copies {@code resource} (node-a.xml, node-b.xml) into {@code dir} and returns its test driver URI. */
    public static String testUri(Path dir, String resource) throws IOException {
        return "test://" + copy(dir, resource);
    }

    static Path copy(Path dir, String resource) throws IOException {
        Path file = dir.resolve(resource).toAbsolutePath();
        try (InputStream in = TestHosts.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                fail("test resource " + resource + " missing");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    /** A backend whose every URI is connected; each open of a node file starts from the file's states. */
    static LibvirtHost connectedBackend(String... uris) throws InterruptedException {
        LibvirtHost backend = new LibvirtHost(List.of(uris), FAST);
        assertTrue(backend.pool().awaitAllUp(Duration.ofSeconds(10)), () -> "not connected: " + backend.health());
        return backend;
    }

    /** The result of {@code action} on {@code target} through any backend (backend cpg's tests use it too). */
    public static FenceResult fence(FenceBackend backend, FenceAction action, String target) {
        FenceRequest request = new FenceRequest(action, target, "127.0.0.1", ++seqno, "test");
        try {
            return backend.fence(request).thenApply(FenceOutcome::result)
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(request + " did not complete", e);
        }
    }

    public static List<VmInfo> hostList(FenceBackend backend) {
        try {
            return backend.hostList().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("host list did not complete", e);
        }
    }

    /** The state the host list reports for {@code name}, or null when the name is not listed. */
    static VmState listedState(LibvirtHost backend, String name) {
        return hostList(backend).stream().filter(vm -> vm.name().equals(name)).map(VmInfo::state).findFirst().orElse(null);
    }

    static List<String> names(List<VmInfo> vms) {
        return vms.stream().map(VmInfo::name).toList();
    }
}
