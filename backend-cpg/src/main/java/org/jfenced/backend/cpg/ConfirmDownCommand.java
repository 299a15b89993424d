package org.jfenced.backend.cpg;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jfenced.spi.AdminCommand;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.AdminSession;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.RequestDispatcher;

/**
 * {@code jfencectl confirm-down NODE}: the operator has made sure node NODE is down (powered off, say), so
 * the group may answer OFF for the VMs it held — those it did not self-fence, or all of them when its
 * daemon was gone. Like Pacemaker's {@code stonith_admin --confirm}, it is the operator's word, and it is
 * recorded in the history as an off of the node by that operator.
 */
final class ConfirmDownCommand implements AdminCommand {

    private static final long WAIT_SECONDS = 10;

    private final CpgBackend backend;
    private final Supplier<RequestDispatcher> dispatcher;

    /** @param dispatcher the daemon's, whose history records the confirmation; it exists only after the backend */
    ConfirmDownCommand(CpgBackend backend, Supplier<RequestDispatcher> dispatcher) {
        this.backend = backend;
        this.dispatcher = dispatcher;
    }

    @Override
    public String name() {
        return "confirm-down";
    }

    @Override
    public String usage() {
        return "NODE";
    }

    @Override
    public String summary() {
        return "tell the cpg group that node NODE (its corosync node id) is down: its VMs count as off; refused while"
                + " it is in the cluster";
    }

    @Override
    public AdminReply run(List<String> args, AdminSession session) throws Exception {
        if (args.size() != 1 || !args.get(0).matches("[0-9]{1,10}") || Long.parseLong(args.get(0)) > 0xffffffffL) {
            return AdminReply.usage("usage: confirm-down NODE (a corosync node id)");
        }
        int node = Integer.parseUnsignedInt(args.get(0));
        String nodeName = "node " + args.get(0);
        FenceRequest audit = new FenceRequest(FenceAction.OFF, nodeName, session.user(), 0, "admin");
        RequestDispatcher history = dispatcher.get();
        try {
            backend.confirmDown(node, session.user()).toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            history.audit(audit, FenceResult.FAIL, "confirm-down refused: " + e.getCause().getMessage());
            return AdminReply.failed("confirm-down refused: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            history.audit(audit, FenceResult.FAIL, "confirm-down not applied by the group in time");
            return AdminReply.failed("the group did not apply the confirmation within " + WAIT_SECONDS + " s");
        }
        history.audit(audit, FenceResult.SUCCESS, "confirm-down by " + session.user() + ": its VMs count as off");
        return AdminReply.ok(nodeName + " confirmed down: the group answers OFF for the VMs it held\n",
                Map.of("node_id", Integer.toUnsignedLong(node), "confirmed_by", session.user()));
    }
}
