package org.jfenced.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jfenced.dispatch.RequestStats;
import org.jfenced.spi.AdminCommand;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.AdminSession;
import org.jfenced.spi.FenceListener;
import org.jfenced.spi.IoErrors;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.jfenced.spi.SelfTest;
import org.jfenced.spi.VmInfo;

/**
 * {@code selftest [--key FILE] [--vm VM] [LISTENER…]}: a real signed status request through each
 * listener's own transport to this daemon, step by step. When a step fails, the listener's drop counters
 * say what the daemon's side saw (a refused signature, a failed challenge), so the report tells a wrong
 * key from a closed port from a firewall. {@code --key} signs with another key file, such as a copy of a
 * guest's, which only root or the file's owner may name: the daemon reads it as root.
 */
final class SelfTestCommand implements AdminCommand {

    static final String UNKNOWN_VM = "jfenced-selftest";
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(5);

    private final DaemonView daemon;

    SelfTestCommand(DaemonView daemon) {
        this.daemon = daemon;
    }

    @Override
    public String name() {
        return "selftest";
    }

    @Override
    public String usage() {
        return "[--key FILE] [--vm VM] [LISTENER...]";
    }

    @Override
    public String summary() {
        return "send a real signed status request through each listener to this daemon and report each step";
    }

    @Override
    public AdminReply run(List<String> args, AdminSession session) throws Exception {
        Optional<Path> key = Optional.empty();
        Optional<String> vm = Optional.empty();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("--key") || a.equals("--vm")) && i + 1 < args.size()) {
                if (a.equals("--key")) {
                    key = Optional.of(Path.of(args.get(++i)));
                } else {
                    vm = Optional.of(args.get(++i));
                }
            } else if (a.startsWith("-")) {
                return AdminReply.usage("usage: selftest " + usage());
            } else {
                names.add(a);
            }
        }
        Map<String, FenceListener> listeners = daemon.listeners();
        for (String n : names) {
            if (!listeners.containsKey(n)) {
                return AdminReply.usage("no listener is called \"" + n + "\" (listeners: "
                        + String.join(", ", listeners.keySet()) + ")");
            }
        }
        if (key.isPresent()) {
            Optional<String> refusal = mayRead(key.get(), session.user());
            if (refusal.isPresent()) {
                return AdminReply.failed(refusal.get());
            }
        }
        String target = vm.orElseGet(this::someVm);
        SelfTest.Probe probe = new SelfTest.Probe(target, key, STEP_TIMEOUT);
        List<Object> results = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        boolean all = true;
        for (Map.Entry<String, FenceListener> l : listeners.entrySet()) {
            if (!names.isEmpty() && !names.contains(l.getKey())) {
                continue;
            }
            session.progress("testing listener " + l.getKey() + " (" + l.getValue().endpoint() + ")");
            SelfTest result = withDaemonSide(l.getKey(), () -> l.getValue().selfTest(probe));
            all &= result.passed();
            results.add(report(l.getKey(), l.getValue().endpoint(), result, text));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("vm", target);
        data.put("passed", all);
        data.put("listeners", results);
        return new AdminReply(all ? AdminReply.OK : AdminReply.FAILED, text.toString(), data);
    }

    /** The daemon reads the file as root: only root and the file's owner may make it do so. */
    private static Optional<String> mayRead(Path file, String user) {
        if (user.equals("root")) {
            return Optional.empty();
        }
        try {
            String owner = Files.getOwner(file).getName();
            return owner.equals(user) ? Optional.empty()
                    : Optional.of("--key " + file + ": owned by " + owner + "; only root or its owner may name it");
        } catch (IOException e) {
            return Optional.of("--key " + file + ": " + IoErrors.reason(e));
        }
    }

    /** A VM the backend knows, so that the answer says something; a made-up name when it knows none. */
    private String someVm() {
        try {
            List<VmInfo> vms = daemon.backend().hostList().toCompletableFuture()
                    .get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return vms.isEmpty() ? UNKNOWN_VM : vms.get(0).name();
        } catch (Exception e) {
            return UNKNOWN_VM;
        }
    }

    private interface Run {
        SelfTest run();
    }

    /** A failed test gains a step naming what the listener's counters saw of it. */
    private SelfTest withDaemonSide(String listener, Run test) {
        RequestStats.Snapshot before = countersOf(listener);
        SelfTest result = test.run();
        if (result.passed()) {
            return result;
        }
        RequestStats.Snapshot after = countersOf(listener);
        List<String> seen = new ArrayList<>();
        for (DropReason r : DropReason.values()) {
            long n = after.dropped(r) - before.dropped(r);
            if (n > 0) {
                seen.add(n + " " + r + " (" + meaning(r) + ")");
            }
        }
        List<SelfTest.Step> steps = new ArrayList<>(result.steps());
        steps.add(new SelfTest.Step("daemon side", false, seen.isEmpty()
                ? "the listener counted nothing of it: the request never reached it (a firewall, a route, or"
                        + " another program on the port)"
                : "listener " + listener + " dropped it: " + String.join("; ", seen)));
        return new SelfTest(steps);
    }

    private RequestStats.Snapshot countersOf(String listener) {
        return daemon.dispatcher().stats().snapshot().getOrDefault(listener, RequestStats.Snapshot.none());
    }

    private static String meaning(DropReason r) {
        return switch (r) {
            case BAD_HASH -> "signature refused: the key differs from the listener's key_file, or the hash is weaker"
                    + " than its hash";
            case AUTH_FAILED -> "challenge failed: the key or the auth algorithm differs";
            case BAD_SIZE -> "not a whole request";
            case DUPLICATE -> "taken for a copy of a request it just served";
            case CALLBACK_FAILED -> "could not connect back to the callback address";
            case TIMEOUT -> "the client went silent";
            case DISCONNECTED -> "the client closed the connection";
            case TOO_MANY_CONNECTIONS -> "too many connections at once";
        };
    }

    private static Map<String, Object> report(String name, String endpoint, SelfTest result, StringBuilder text) {
        Optional<SelfTest.Step> failed = result.steps().stream().filter(s -> !s.ok()).findFirst();
        text.append("listener ").append(name).append(" (").append(endpoint).append("): ")
                .append(result.passed() ? "ok" : "FAILED at " + failed.map(SelfTest.Step::name).orElse("start"))
                .append('\n');
        List<Object> steps = new ArrayList<>();
        for (SelfTest.Step s : result.steps()) {
            text.append(String.format("  %-13s %-6s %s%n", s.name(), s.ok() ? "ok" : "FAILED", s.detail()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", s.name());
            m.put("ok", s.ok());
            m.put("detail", s.detail());
            steps.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("listener", name);
        m.put("endpoint", endpoint);
        m.put("passed", result.passed());
        m.put("steps", steps);
        return m;
    }
}
