package org.jfenced.spi;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Carries out fencing requests: the handful of verbs fence_virtd's backends have.
 *
 * <p>Every method returns at once; the work completes the stage later. Implementations must never block
 * the caller's thread (it is a network event loop) and must complete every stage in bounded time.
 * A stage that completes exceptionally is answered as {@link FenceResult#FAIL}.
 */
public interface FenceBackend extends AutoCloseable {

    /**
     * Carries out {@code request.action()} on {@code request.target()} and names the node that acted
     * ({@link FenceOutcome#local} for a backend that acts on its own host). {@link FenceAction#HOSTLIST}
     * is never passed here; see {@link #hostList()}.
     */
    CompletionStage<FenceOutcome> fence(FenceRequest request);

    /** Every VM this backend can fence, sorted by name case-insensitively. */
    CompletionStage<List<VmInfo>> hostList();

    /**
     * Whether {@link #hostList()} and a status request are answered from this host alone, read-only and
     * quickly. The daemon then asks both once before its listener serves, so that the first client does
     * not pay for loading and linking the request path. A clustered backend, whose answers involve the
     * other members, says no (the default).
     */
    default boolean answersStatusLocally() {
        return false;
    }

    /** A snapshot of the backend's connections, for devstatus answers and the admin socket. */
    Health health();

    /**
     * Where the VMs are and which group this node is in, for the admin socket. A clustered backend
     * overrides it; by default every VM of {@link #hostList()} is this node's and there is no group.
     */
    default CompletionStage<ClusterView> clusterView() {
        return hostList().thenApply(ClusterView::standalone);
    }

    /**
     * What {@link #fence} would do with {@code request} now, without doing it: read-only, for
     * {@code jfencectl explain}. By default the plan of a backend that acts on its own host, from
     * {@link #hostList()}; a clustered backend names the member and rule its group would apply.
     */
    default CompletionStage<FencePlan> plan(FenceRequest request) {
        return hostList().thenApply(vms -> FencePlan.local(request.action(), request.target(), vms));
    }

    /** Releases connections and threads; must not throw for an already closed backend. */
    @Override
    void close();
}
