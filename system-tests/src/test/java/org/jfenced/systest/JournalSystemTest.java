package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fence journal of a real {@code bin/jfenced}, fed by the real {@code fence_virt}: it survives
 * {@code kill -9} in the middle of a load with every answered off, on and reboot in it, and {@code jfencectl
 * history} reads it across the restart with its filters; {@code explain} predicts what the client then gets.
 */
class JournalSystemTest {

    private static final List<String> VMS = List.of("vm-run1", "vm-run2", "vm-off1");
    private static final List<String> ACTIONS = List.of("off", "on", "reboot");

    @TempDir
    Path dir;

    @AutoClose
    private JfencedProcess daemon;

    @Test
    void everyAnsweredPowerActionIsInTheJournalAfterKillNineMidLoad() throws Exception {
        TestHost host = new TestHost(dir);
        Path conf = host.config("", "");
        daemon = JfencedProcess.start(dir, conf);
        long javaPid = Long.parseLong(Files.readString(daemon.pidFile()).trim());

        // one client loop per VM, each cycling off, on, reboot; what the client was answered is counted
        Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();
        AtomicBoolean load = new AtomicBoolean(true);
        AtomicInteger runs = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(VMS.size());
        List<Future<?>> loops = new ArrayList<>();
        for (String vm : VMS) {
            loops.add(clients.submit(() -> {
                for (int i = 0; load.get(); i++) {
                    String action = ACTIONS.get(i % ACTIONS.size());
                    ClientRun r = host.client().run("-o", action, "-n", vm);
                    runs.incrementAndGet();
                    if (r.exit() == 0) {
                        answered.computeIfAbsent(action + " " + vm, k -> new AtomicInteger()).incrementAndGet();
                    }
                }
            }));
        }
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (answered.values().stream().mapToInt(AtomicInteger::get).sum() < 30 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            // mid-load: the clients keep asking while the daemon dies, and after
            ProcessHandle.of(javaPid).orElseThrow().destroyForcibly();
            daemon.awaitExit(Duration.ofSeconds(15));
            Thread.sleep(500);
        } finally {
            load.set(false);
            for (Future<?> f : loops) {
                f.get();
            }
            clients.shutdown();
        }
        int successes = answered.values().stream().mapToInt(AtomicInteger::get).sum();
        assertTrue(successes >= 30, "the load got answers before the kill: " + answered);

        daemon = JfencedProcess.start(dir, conf);
        Ctl ctl = Ctl.of(host.adminSocket);
        for (String vm : VMS) {
            for (String action : ACTIONS) {
                int told = answered.getOrDefault(action + " " + vm, new AtomicInteger()).get();
                List<Object> recorded = ctl.jsonArray("history", "-n", "100000", "--vm", vm, "--action", action,
                        "--result", "success");
                assertTrue(recorded.size() >= told, action + " " + vm + ": the client was told success " + told
                        + " times, the journal has " + recorded.size() + "\n" + daemon.log());
            }
        }
        // the daemon's own view after the restart: nothing lost, nothing it could not read except a torn last line
        ClientRun text = ctl.run("history", "-n", "5", "--action", "off");
        assertEquals(0, text.exit(), text.toString());
        System.out.println("jfencectl history -n 5 --action off after kill -9 and restart:\n" + text.stdout());
        assertTrue(text.stdout().lines().skip(1).allMatch(l -> l.matches(".* off +vm-\\S+ +allowed +\\S.*")), text.stdout());
    }

    @Test
    void anOffAndAnOnRecordLibvirtsStateOfTheVmBeforeAndAfter() {
        TestHost host = new TestHost(dir);
        daemon = JfencedProcess.start(dir, host.config("", ""));
        Ctl ctl = Ctl.of(host.adminSocket);
        FenceVirt client = host.client();

        assertEquals(0, client.run("-o", "off", "-n", "vm-run1").exit());
        assertEquals(0, client.run("-o", "on", "-n", "vm-run1").exit());
        assertEquals(0, client.run("-o", "status", "-n", "vm-run1").exit());

        List<Object> history = ctl.jsonArray("history", "-n", "3", "--vm", "vm-run1");
        assertEquals(List.of("off", "on", "status"), history.stream().map(e -> ((Map<?, ?>) e).get("action")).toList());
        Map<?, ?> off = (Map<?, ?>) history.get(0);
        assertEquals("running", off.get("state_before"), off.toString());
        assertEquals("shut off", off.get("state_after"), off.toString());
        Map<?, ?> on = (Map<?, ?>) history.get(1);
        assertEquals("shut off", on.get("state_before"), on.toString());
        assertEquals("running", on.get("state_after"), on.toString());
        Map<?, ?> status = (Map<?, ?>) history.get(2);
        assertEquals(null, status.get("state_before"), "a status changes nothing and reads no states: " + status);

        ClientRun text = ctl.run("history", "-n", "1", "--vm", "vm-run1", "--action", "off");
        assertTrue(text.stdout().contains(" running->shut off "), text.stdout());
    }

    @Test
    void explainPredictsWhatTheRealClientGetsAllowedDeniedAndUnknown() {
        TestHost host = new TestHost(dir);
        daemon = JfencedProcess.start(dir, host.config("", "groups { group { ip = \"127.0.0.1\"; uuid = \"vm-run1\";"
                + " uuid = \"no-such-vm\"; } }"));
        Ctl ctl = Ctl.of(host.adminSocket);
        FenceVirt client = host.client();

        Map<String, Object> allowed = ctl.jsonObject("explain", "status", "vm-run1", "--from", "127.0.0.1");
        assertEquals("allowed", allowed.get("acl"));
        assertEquals("acted_locally", allowed.get("rule"));
        assertEquals("success", allowed.get("expected_result"));
        assertEquals(0, client.run("-o", "status", "-n", "vm-run1").exit());

        Map<String, Object> denied = ctl.jsonObject("explain", "off", "vm-run2", "--from", "127.0.0.1");
        assertEquals("denied", denied.get("acl"));
        assertEquals("permission_denied", denied.get("expected_result"));
        ClientRun refused = client.run("-o", "off", "-n", "vm-run2");
        assertTrue(refused.exit() != 0, refused.toString());

        Map<String, Object> unknown = ctl.jsonObject("explain", "status", "no-such-vm", "--from", "127.0.0.1");
        assertEquals("off", unknown.get("expected_result"));
        assertEquals(2, client.run("-o", "status", "-n", "no-such-vm").exit());

        // what the daemon answered, as its journal has it, is what explain said
        List<Object> history = ctl.jsonArray("history", "-n", "3");
        assertEquals(List.of("success", "permission_denied", "off"), history.stream()
                .map(e -> ((Map<?, ?>) e).get("result")).toList());
        assertEquals(Map.of("key_file", host.key.toString(), "address", "127.0.0.1", "port", Integer.toString(host.port)),
                allowed.get("client_must_match"));
    }
}
