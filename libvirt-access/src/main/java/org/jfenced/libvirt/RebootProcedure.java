package org.jfenced.libvirt;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmState;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fence_virtd's reboot: save the domain's XML, destroy it, wait until it is gone or shut off, and
 * start it again from that XML (falling back to starting the defined domain).
 *
 * <p>fence_virtd sleeps a second between checks; here each check is a separate short call scheduled on
 * a timer, so no thread sits waiting for the domain to go down.
 */
final class RebootProcedure {

    private static final Logger LOG = LoggerFactory.getLogger(RebootProcedure.class);

    private final LibvirtConnectionPool pool;
    private final ScheduledExecutorService timers;
    private final String target;
    private final Duration waitLimit;
    private final Duration pollInterval;
    private final CompletableFuture<FenceResult> result = new CompletableFuture<>();

    private RebootProcedure(LibvirtConnectionPool pool, ScheduledExecutorService timers, String target,
                            Duration waitLimit, Duration pollInterval) {
        this.pool = pool;
        this.timers = timers;
        this.target = target;
        this.waitLimit = waitLimit;
        this.pollInterval = pollInterval;
    }

    /**
     * Destroys the found domain now, on the pool thread that found it, then waits for it to go down and
     * starts it again.
     *
     * @param waitLimit how long the destroyed domain may take to go down before the reboot fails
     *     (fence_virtd: 15 s)
     */
    static CompletableFuture<FenceResult> start(LibvirtConnectionPool pool, ScheduledExecutorService timers,
                                                String target, LocatedDomain located, Duration waitLimit,
                                                Duration pollInterval) {
        RebootProcedure reboot = new RebootProcedure(pool, timers, target, waitLimit, pollInterval);
        long deadline = System.nanoTime() + waitLimit.toNanos();
        reboot.destroy(located).ifPresent(destroyed -> reboot.awaitDown(destroyed, deadline));
        return reboot.result;
    }

    /** Where the destroyed domain lives, and what it takes to start it again. */
    private record Destroyed(int uriIndex, String uri, String uuid, String xml) {
    }

    private enum Probe { DOWN, STILL_UP, CONNECTION_LOST }

    /** Completes the result itself when there is nothing to wait for; empty then. */
    private Optional<Destroyed> destroy(LocatedDomain located) {
        Domain domain = located.domain();
        String uri = located.lease().uri();
        // fence-agents PR #500: rebooting a VM that is off leaves it off
        if (DomainStates.stateIfReadable(domain).equals(Optional.of(VmState.SHUTOFF))) {
            LOG.info("reboot \"{}\": shut off on {}; leaving it off", target, uri);
            result.complete(FenceResult.SUCCESS);
            return Optional.empty();
        }
        String uuid;
        try {
            uuid = domain.getUUIDString();
        } catch (LibvirtException e) {
            LOG.warn("reboot \"{}\": cannot read its UUID on {}: {}", target, uri, e.getMessage());
            result.complete(FenceResult.FAIL);
            return Optional.empty();
        }
        String xml = savedXml(domain, uri);
        try {
            domain.destroy();
        } catch (LibvirtException e) {
            if (!DomainStates.isOffNow(domain)) {
                LOG.warn("reboot \"{}\": destroy failed on {}: {}", target, uri, e.getMessage());
                result.complete(FenceResult.FAIL);
                return Optional.empty();
            }
        }
        LOG.info("reboot \"{}\": destroyed on {}", target, uri);
        return Optional.of(new Destroyed(located.lease().index(), uri, uuid, xml));
    }

    /** As fence_virtd, a domain whose XML cannot be read is still destroyed, just not restarted. */
    private String savedXml(Domain domain, String uri) {
        try {
            return domain.getXMLDesc(0);
        } catch (LibvirtException e) {
            LOG.warn("reboot \"{}\": cannot read its XML on {} ({}); it will not be restarted", target, uri, e.getMessage());
            return null;
        }
    }

    private void awaitDown(Destroyed destroyed, long deadline) {
        pool.submit(() -> probe(destroyed)).whenComplete((probe, e) -> {
            Probe seen = e == null ? probe : Probe.STILL_UP;
            switch (seen) {
                case DOWN:
                    restart(destroyed);
                    break;
                case CONNECTION_LOST:
                    // destroy returned, so libvirt has killed the VM: fenced, though it cannot be restarted now
                    LOG.warn("reboot \"{}\": connection to {} lost after the destroy; the VM is off and not restarted",
                            target, destroyed.uri());
                    result.complete(FenceResult.SUCCESS);
                    break;
                default:
                    pollAgainOrGiveUp(destroyed, deadline);
            }
        });
    }

    private void pollAgainOrGiveUp(Destroyed destroyed, long deadline) {
        if (System.nanoTime() + pollInterval.toNanos() > deadline) {
            LOG.warn("reboot \"{}\": still exists on {} {} ms after the destroy; fencing failed",
                    target, destroyed.uri(), waitLimit.toMillis());
            result.complete(FenceResult.FAIL);
            return;
        }
        try {
            timers.schedule(() -> awaitDown(destroyed, deadline), pollInterval.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            result.complete(FenceResult.FAIL);
        }
    }

    private Probe probe(Destroyed destroyed) {
        Optional<Lease> leased = pool.lease(destroyed.uriIndex());
        if (leased.isEmpty()) {
            return Probe.CONNECTION_LOST;
        }
        try (Lease lease = leased.get()) {
            Domain domain = lease.connect().domainLookupByUUIDString(destroyed.uuid());
            try {
                return DomainStates.stateOf(domain) == VmState.SHUTOFF ? Probe.DOWN : Probe.STILL_UP;
            } finally {
                domain.free();
            }
        } catch (LibvirtException e) {
            if (LibvirtErrors.isNoDomain(e)) {
                return Probe.DOWN;
            }
            LOG.debug("reboot \"{}\": checking on {}: {}", target, destroyed.uri(), e.getMessage());
            return Probe.STILL_UP;
        }
    }

    /** The VM is off, so the fence has succeeded: SUCCESS whatever the restart does, as fence_virtd. */
    private void restart(Destroyed destroyed) {
        if (destroyed.xml() == null) {
            result.complete(FenceResult.SUCCESS);
            return;
        }
        pool.submit(() -> startAgain(destroyed)).whenComplete((started, e) -> {
            if (e != null) {
                LOG.warn("reboot \"{}\": the VM is off but was not restarted: {}", target, LibvirtErrors.describe(e));
            }
            result.complete(FenceResult.SUCCESS);
        });
    }

    private boolean startAgain(Destroyed destroyed) {
        Optional<Lease> leased = pool.lease(destroyed.uriIndex());
        if (leased.isEmpty()) {
            LOG.warn("reboot \"{}\": {} went down; the VM is off and was not restarted", target, destroyed.uri());
            return false;
        }
        try (Lease lease = leased.get()) {
            Connect connect = lease.connect();
            try {
                connect.domainCreateXML(destroyed.xml(), 0).free();
                LOG.info("reboot \"{}\": restarted on {}", target, destroyed.uri());
                return true;
            } catch (LibvirtException fromXml) {
                return startDefined(connect, destroyed, fromXml);
            }
        }
    }

    private boolean startDefined(Connect connect, Destroyed destroyed, LibvirtException fromXml) {
        try {
            Domain domain = connect.domainLookupByUUIDString(destroyed.uuid());
            try {
                domain.create();
            } finally {
                domain.free();
            }
            LOG.info("reboot \"{}\": restarted on {} from its definition", target, destroyed.uri());
            return true;
        } catch (LibvirtException e) {
            LOG.warn("reboot \"{}\": the VM is off but could not be restarted on {}: {}; then {}",
                    target, destroyed.uri(), fromXml.getMessage(), e.getMessage());
            return false;
        }
    }
}
