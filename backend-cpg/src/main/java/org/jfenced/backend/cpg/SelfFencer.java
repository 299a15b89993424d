package org.jfenced.backend.cpg;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jfenced.backend.cpg.state.SelfFencePromise;
import org.jfenced.libvirt.LibvirtHost;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceObserver;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.PluginContext;
import org.jfenced.spi.VmInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this host's promise to the group: while it is cut off — its partition not quorate, or its
 * corosync gone — it destroys its running VMs in scope within {@code self_fence_timeout}, and refuses to
 * start VMs. The quorate side counts on it: after this host's deadline it calls the VMs off.
 *
 * <p>It must not hang on the path it protects, so it has a thread of its own and a libvirt connection of
 * its own (not the pool that serves requests, which may be busy or stuck). It looks again every second
 * while cut off: a VM started by hand meanwhile is destroyed too. Quorum changes arrive on votequorum's
 * thread and only schedule work here. A brief flap shorter than corosync's detection never reaches it:
 * votequorum reports decided memberships only.
 */
final class SelfFencer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SelfFencer.class);
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(1);
    private static final AtomicLong SEQ = new AtomicLong();

    private final SelfFenceSettings settings;
    private final SelfFencePromise scope;
    private final LibvirtHost libvirt;
    private final boolean ownsLibvirt;
    private final FenceObserver announce;
    private final Record record;
    private final ScheduledExecutorService thread;
    private boolean cutOff;
    private Instant since;
    private long deadlineNanos;
    private String why = "";
    private final List<String> destroyed = new ArrayList<>();
    private ScheduledFuture<?> sweeping;

    /**
     * @param libvirt this host's libvirt
     * @param ownsLibvirt {@code libvirt} is this self-fencer's own (closed with it), not the daemon's
     * @param announce told of each VM before it is destroyed, as for any off ({@link org.jfenced.spi.PluginContext#announcePowerAction})
     */
    SelfFencer(SelfFenceSettings settings, LibvirtHost libvirt, boolean ownsLibvirt, FenceObserver announce) {
        this(settings, libvirt, ownsLibvirt, announce, (request, result, detail) -> { });
    }

    /** @param record told of each VM destroyed (or not) once libvirt has answered ({@link PluginContext#audit}) */
    SelfFencer(SelfFenceSettings settings, LibvirtHost libvirt, boolean ownsLibvirt, FenceObserver announce,
            Record record) {
        this.settings = settings;
        this.record = record;
        this.scope = settings.promise(List.of());
        this.libvirt = libvirt;
        this.ownsLibvirt = ownsLibvirt;
        this.announce = announce;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "self-fence");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.thread = executor;
    }

    /**
     * This host is cut off (or not): called on every quorum change and corosync loss, and once at start —
     * a daemon restarted while its host is cut off self-fences at once. Returns at once.
     */
    synchronized void update(boolean quorate, String reason) {
        if (!settings.enabled()) {
            return;
        }
        if (!quorate && !cutOff) {
            cutOff = true;
            since = Instant.now();
            deadlineNanos = System.nanoTime() + settings.timeout().toNanos();
            why = reason;
            destroyed.clear();
            LOG.warn("self-fence: this host is cut off ({}); destroying its running VMs{} within {} ms", reason,
                    settings.scope().isEmpty() ? "" : " matching \"" + settings.scope() + "\"", settings.timeout().toMillis());
            sweeping = thread.scheduleWithFixedDelay(this::sweep, 0, SWEEP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        } else if (quorate && cutOff) {
            cutOff = false;
            sweeping.cancel(false);
            LOG.info("self-fence: this host is quorate again ({}); VMs may be started again", reason);
        }
    }

    /**
     * Whether the self-fencer can have a libvirt connection of its own: not with libvirt's test driver,
     * whose every connection to a node file is a host of its own, so that a second connection would destroy
     * VMs of another host (libvirt's real drivers share their state among connections).
     */
    static boolean ownConnectionSeesTheSameHost(List<String> uris) {
        return uris.stream().noneMatch(uri -> uri.startsWith("test:") || uri.startsWith("test+"));
    }

    /** While cut off, no VM may be started here: the others may count it as off. */
    synchronized boolean refusesStarts() {
        return cutOff;
    }

    synchronized SelfFenceStatus status() {
        return new SelfFenceStatus(settings.enabled(), cutOff, Optional.ofNullable(since),
                Optional.ofNullable(since).map(s -> s.plus(settings.timeout())), why, destroyed);
    }

    /** One look at this host's VMs: destroys each running one in scope. On the self-fence thread. */
    private void sweep() {
        synchronized (this) {
            if (!cutOff) {
                return;
            }
        }
        List<VmInfo> vms;
        try {
            vms = libvirt.hostList().toCompletableFuture().get(remainingOrAMoment(), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            LOG.error("self-fence: cannot list this host's VMs ({}); trying again", e.toString());
            return;
        }
        for (VmInfo vm : vms) {
            if (vm.state().isOn() && scope.covers(vm.name())) {
                destroy(vm);
            }
        }
    }

    /** Where each self-fence is recorded: the daemon's journal, through {@link PluginContext#audit}. */
    @FunctionalInterface
    interface Record {
        void selfFenced(FenceRequest off, FenceResult result, String detail);
    }

    private void destroy(VmInfo vm) {
        String reason;
        synchronized (this) {
            if (!cutOff) {
                return;
            }
            reason = why;
        }
        FenceRequest off = new FenceRequest(FenceAction.OFF, vm.uuid(), "self-fence", SEQ.incrementAndGet(), "self-fence");
        LOG.warn("self-fence: destroying VM \"{}\" ({}): this host is cut off ({})", vm.name(), vm.uuid(), reason);
        try {
            announce.beforePowerAction(off);
        } catch (RuntimeException e) {
            LOG.warn("self-fence: announcing the off of \"{}\" failed: {}", vm.name(), e.toString());
        }
        FenceResult result;
        try {
            result = libvirt.fence(off).toCompletableFuture().get(remainingOrAMoment(), TimeUnit.NANOSECONDS).result();
        } catch (Exception e) {
            result = FenceResult.FAIL;
        }
        boolean late = System.nanoTime() - deadlineNanos > 0;
        record.selfFenced(off, result, "self-fence of \"" + vm.name() + "\": this host is cut off (" + reason + ")"
                + (late ? ", after the deadline" : ""));
        synchronized (this) {
            if (result == FenceResult.SUCCESS) {
                destroyed.add(vm.name());
            }
        }
        if (result != FenceResult.SUCCESS) {
            LOG.error("self-fence: VM \"{}\" could not be destroyed{}; trying again — the quorate side will call it off"
                    + " at this host's deadline", vm.name(), late ? " by the deadline" : "");
        } else if (late) {
            LOG.error("self-fence: VM \"{}\" destroyed only after the deadline", vm.name());
        }
    }

    /** Time left to the deadline, but at least a moment, so that a late call still gets its chance. */
    private long remainingOrAMoment() {
        long left;
        synchronized (this) {
            left = deadlineNanos - System.nanoTime();
        }
        return Math.max(left, TimeUnit.SECONDS.toNanos(2));
    }

    @Override
    public void close() {
        thread.shutdownNow();
        if (ownsLibvirt) {
            libvirt.close();
        }
    }
}
