package org.jfenced.daemon;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jfenced.dispatch.AclGroups;
import org.jfenced.dispatch.Dispatcher;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.RequestDispatcher;
import org.jfenced.spi.VmInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-only request through the dispatcher and the backend before the listener serves. A JVM loads,
 * links and first runs a path when it is first taken; libvirt reached through JNA binds each native
 * function at its first call. Without this the first client's request paid for all of that, some
 * hundred milliseconds, where every later one takes about one.
 *
 * <p>The request goes through a dispatcher of its own, so the daemon's counters, request log and
 * duplicate history never see it, and it is made only where {@link FenceBackend#answersStatusLocally()}
 * says it stays on this host. A failure or a slow backend costs only the first request its speed: the
 * warm-up gives up after {@link #LIMIT} and start-up goes on.
 */
final class RequestPathWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(RequestPathWarmUp.class);
    static final Duration LIMIT = Duration.ofSeconds(2);
    static final String ORIGIN = "warm-up";

    private RequestPathWarmUp() {
    }

    /** The host list, then the status of its first VM; returns whether both were answered. */
    static boolean run(FenceBackend backend) {
        if (!backend.answersStatusLocally()) {
            return false;
        }
        // the dispatcher's own deadline comes after LIMIT, so that a backend that never answers always ends
        // in the wait below (false), never in the dispatcher's FAIL answer (which would read as answered)
        Dispatcher path = new Dispatcher(backend, AclGroups.allowAll(), LIMIT.multipliedBy(2));
        long deadline = System.nanoTime() + LIMIT.toNanos();
        try {
            RequestDispatcher.Answer listed = path.serve(request(FenceAction.HOSTLIST, "")).toCompletableFuture()
                    .get(LIMIT.toNanos(), TimeUnit.NANOSECONDS);
            List<VmInfo> vms = listed instanceof RequestDispatcher.Answer.HostList list ? list.vms() : List.of();
            if (vms.isEmpty()) {
                return false;
            }
            path.serve(request(FenceAction.STATUS, vms.get(0).name())).toCompletableFuture()
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOG.debug("warming up the request path: {}", e.toString());
            return false;
        }
    }

    private static FenceRequest request(FenceAction action, String target) {
        return new FenceRequest(action, target, ORIGIN, 0, ORIGIN);
    }
}
