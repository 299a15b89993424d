package org.jfenced.admin;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jfenced.dispatch.AclGroups;
import org.jfenced.spi.AdminCommand;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.AdminSession;
import org.jfenced.spi.ConfigSection;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceListener;
import org.jfenced.spi.FencePlan;
import org.jfenced.spi.FenceRequest;

/**
 * {@code explain ACTION VM [--from ADDRESS] [--listener NAME]}: what a request through a listener (by default
 * the first) would meet now, without doing it — the listener's settings a client must match, the groups' verdict for the source, the node that would act and
 * by which rule, the answer where it is known, and what the decision rests on. The check to run when a
 * guest only ever sees "Timed out".
 */
final class ExplainCommand implements AdminCommand {

    /** The listener keys that a client's command line or config must agree with, or that say where it connects. */
    private static final List<String> CLIENT_KEYS = List.of("key_file", "hash", "auth", "address", "port", "family",
            "interface", "path", "device");
    private static final Duration PLAN_DEADLINE = Duration.ofSeconds(10);

    private final DaemonView daemon;

    ExplainCommand(DaemonView daemon) {
        this.daemon = daemon;
    }

    @Override
    public String name() {
        return "explain";
    }

    @Override
    public String usage() {
        return "off|on|reboot|status VM [--from ADDRESS] [--listener NAME]";
    }

    @Override
    public String summary() {
        return "what a request from ADDRESS would meet now, without doing it: listener settings, groups, the node that"
                + " would act and its rule, quorum, the map";
    }

    @Override
    public AdminReply run(List<String> args, AdminSession session) throws Exception {
        FenceAction action = args.size() >= 2 && args.size() % 2 == 0 ? FenceCommand.parse(args.get(0)) : null;
        if (action == null || args.get(1).isBlank()) {
            return AdminReply.usage("usage: explain " + usage());
        }
        String vm = args.get(1);
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 2; i < args.size(); i += 2) {
            String option = args.get(i);
            if (!option.equals("--from") && !option.equals("--listener") || options.put(option, args.get(i + 1)) != null) {
                return AdminReply.usage("usage: explain " + usage());
            }
        }
        Optional<String> from = Optional.ofNullable(options.get("--from"));
        Set<String> names = daemon.listeners().keySet();
        // without --listener, the first listener fence_virtd/@listener names: the one a single-listener file has
        String listener = options.getOrDefault("--listener", names.iterator().next());
        FenceListener through = daemon.listeners().get(listener);
        if (through == null) {
            return AdminReply.failed("explain: no listener \"" + listener + "\"; this daemon has " + String.join(", ", names));
        }
        FenceRequest request = new FenceRequest(action, vm, from.orElse(""), 0, listener);
        FencePlan plan = daemon.backend().plan(request).toCompletableFuture()
                .get(PLAN_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);

        Map<String, Object> data = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        text.append(Formats.action(action)).append(" of \"").append(vm).append('"')
                .append(from.map(f -> " from " + f).orElse("")).append(", explained (nothing was done):\n");

        Map<String, String> settings = clientSettings(listener);
        data.put("listener", listener);
        data.put("endpoint", through.endpoint());
        data.put("client_must_match", settings);
        text.append("  listener  ").append(listener).append(" on ").append(through.endpoint()).append('\n');
        settings.forEach((k, v) -> text.append("            ").append(k).append(" = ").append(v).append('\n'));
        data.put("listeners", List.copyOf(names));
        if (names.size() > 1) {
            text.append("            (this daemon's listeners: ").append(String.join(", ", names))
                    .append("; --listener NAME explains another)\n");
        }

        Verdict verdict = verdict(daemon.groupsOf(listener).orElse(daemon.dispatcher().groups()), from, vm);
        data.put("source", from.orElse(null));
        data.put("acl", verdict.key());
        text.append("  groups    ").append(verdict.words()).append('\n');

        data.put("backend", daemon.backendName());
        data.put("acting_node", plan.actingNode().isEmpty() ? null : plan.actingNode());
        data.put("rule", plan.rule().isEmpty() ? null : plan.rule());
        data.put("reason", plan.reason());
        text.append("  backend   ").append(daemon.backendName()).append(": ")
                .append(plan.actingNode().isEmpty() ? "no node would act" : "node " + plan.actingNode() + " would answer")
                .append(plan.rule().isEmpty() ? "" : " by rule " + plan.rule()).append(": ").append(plan.reason())
                .append('\n');
        String expected = verdict == Verdict.DENIED ? "permission_denied"
                : plan.expected().map(Formats::key).orElse(null);
        data.put("expected_result", expected);
        text.append("  answer    ").append(expected == null ? "decided when it acts" : expected.replace('_', ' '))
                .append('\n');
        data.put("facts", plan.facts());
        plan.facts().forEach(f -> text.append("  ").append(f).append('\n'));
        if (daemon.pluginOf(listener).filter("multicast"::equalsIgnoreCase).isPresent()) {
            String callback = "the daemon connects back over TCP to " + from.orElse("the address the request names")
                    + ", on the port the request names (fence_xvm's -p, 1229 by default)";
            data.put("callback", callback);
            text.append("  callback  ").append(callback).append('\n');
        }
        return AdminReply.ok(text.toString(), data);
    }

    /** The listener's keys a client must agree with, as configured; those not set are the plugin's defaults. */
    private Map<String, String> clientSettings(String listener) {
        Map<String, String> settings = new LinkedHashMap<>();
        Optional<ConfigSection> block = daemon.listenerConfig(listener);
        for (String key : CLIENT_KEYS) {
            block.flatMap(b -> b.get(key)).ifPresent(v -> settings.put(key, v));
        }
        return settings;
    }

    private enum Verdict {
        ALLOWED, DENIED, OPEN, NO_SOURCE;

        String key() {
            return switch (this) {
                case ALLOWED, OPEN -> "allowed";
                case DENIED -> "denied";
                case NO_SOURCE -> null;
            };
        }

        String words() {
            return switch (this) {
                case ALLOWED -> "allowed: a group lets this source act on the VM";
                case DENIED -> "denied: no group lets this source act on the VM; the answer is permission denied";
                case OPEN -> "allowed: no groups are configured, every source may act on every VM";
                case NO_SOURCE -> "groups restrict who may fence what; give --from ADDRESS for their verdict";
            };
        }
    }

    private static Verdict verdict(AclGroups groups, Optional<String> from, String vm) {
        if (groups.isOpen()) {
            return Verdict.OPEN;
        }
        if (from.isEmpty()) {
            return Verdict.NO_SOURCE;
        }
        return groups.allows(from.get(), vm) ? Verdict.ALLOWED : Verdict.DENIED;
    }
}
