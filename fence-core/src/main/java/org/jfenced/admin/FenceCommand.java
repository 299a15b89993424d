package org.jfenced.admin;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jfenced.spi.AdminCommand;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.AdminSession;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fence ACTION VM}: an administrator's request through the same dispatcher the listeners use.
 * No key is needed and the groups do not apply: permission on the admin socket is the authority. The
 * request is logged at INFO with the user who asked, counted under the listener {@code admin} and kept
 * in the history.
 */
final class FenceCommand implements AdminCommand {

    private static final Logger LOG = LoggerFactory.getLogger(FenceCommand.class);
    private static final List<FenceAction> ACTIONS = List.of(FenceAction.OFF, FenceAction.ON, FenceAction.REBOOT,
            FenceAction.STATUS);
    /** The dispatcher answers by its own 25-second deadline; this only guards against a lost answer. */
    private static final Duration ANSWER_DEADLINE = Duration.ofSeconds(60);

    private final DaemonView daemon;
    /** Admin requests bypass the duplicate history; the number only tells them apart in logs. */
    private final AtomicLong seqno = new AtomicLong();

    FenceCommand(DaemonView daemon) {
        this.daemon = daemon;
    }

    @Override
    public String name() {
        return "fence";
    }

    @Override
    public String usage() {
        return "off|on|reboot|status VM";
    }

    @Override
    public String summary() {
        return "act on a VM by name or UUID as an audited admin request (no key; groups do not apply)";
    }

    @Override
    public AdminReply run(List<String> args, AdminSession session) throws Exception {
        FenceAction action = args.size() == 2 ? parse(args.get(0)) : null;
        if (action == null || args.get(1).isBlank()) {
            return AdminReply.usage("usage: fence off|on|reboot|status VM");
        }
        String vm = args.get(1);
        LOG.info("audit: user {} asks for {} of \"{}\" through the admin socket", session.user(),
                Formats.action(action), vm);
        FenceRequest request = new FenceRequest(action, vm, "admin:" + session.user(), seqno.incrementAndGet(),
                DaemonView.ADMIN_ORIGIN);
        long start = System.nanoTime();
        FenceOutcome outcome = daemon.dispatcher().dispatchAsAdmin(request).toCompletableFuture()
                .get(ANSWER_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        FenceResult r = outcome.result();

        Map<String, Object> data = new LinkedHashMap<>();
        data.put("action", Formats.action(action));
        data.put("target", vm);
        data.put("result", Formats.key(r));
        data.put("acting_node", outcome.actingNode().isEmpty() ? null : outcome.actingNode());
        data.put("duration_ms", Formats.millis(took));
        String text = sentence(action, vm, r) + " (" + Formats.duration(took)
                + (outcome.actingNode().isEmpty() || outcome.actingNode().equals(FenceOutcome.THIS_NODE) ? ""
                        : ", carried out by node " + outcome.actingNode()) + ")";
        return new AdminReply(exitCode(r), text, data);
    }

    /** off, on, reboot or status, in any case; null for anything else. */
    static FenceAction parse(String word) {
        return ACTIONS.stream().filter(a -> a.name().equals(word.toUpperCase(Locale.ROOT))).findFirst().orElse(null);
    }

    private static String sentence(FenceAction action, String vm, FenceResult r) {
        if (action == FenceAction.STATUS && r == FenceResult.SUCCESS) {
            return vm + " is on";
        }
        if (action == FenceAction.STATUS && r == FenceResult.OFF) {
            return vm + " is off";
        }
        return Formats.action(action) + " " + vm + ": " + Formats.result(r);
    }

    /** fence_virt's exit codes, so scripts can treat both alike: 0 done or on, 1 failed, 2 off. */
    private static int exitCode(FenceResult r) {
        return switch (r) {
            case SUCCESS -> 0;
            case OFF -> 2;
            case FAIL, PERMISSION_DENIED -> 1;
        };
    }
}
