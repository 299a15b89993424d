package org.jfenced.backend.cpg;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jfenced.libvirt.Lease;
import org.jfenced.libvirt.LibvirtCall;
import org.jfenced.libvirt.LibvirtConnectionPool;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;
import org.libvirt.Domain;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads this host's VMs from libvirt for the {@link LocalInventory}: whole URIs (at start, after a
 * reconnect, periodically) and single domains (after a lifecycle event). Reads run one at a time, in the
 * order asked, so a result never overtakes a fresher one: the read that follows an event sees that event.
 */
final class InventoryReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InventoryReader.class);
    private static final Duration READ_DEADLINE = Duration.ofSeconds(60);

    /** What reading one domain found. */
    sealed interface DomainRead {
        record Present(VmInfo vm) implements DomainRead {
        }

        record Gone() implements DomainRead {
        }
    }

    private final LibvirtConnectionPool pool;
    private final ExecutorService serial = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cpg-inventory");
        t.setDaemon(true);
        return t;
    });

    InventoryReader(LibvirtConnectionPool pool) {
        this.pool = pool;
    }

    /** Lists URI {@code index}; {@code done} gets the VMs, or nothing when the URI is down or the listing failed. */
    void list(int index, Consumer<Optional<List<VmInfo>>> done) {
        run(() -> done.accept(call(() -> listNow(index), "listing " + pool.uris().get(index))));
    }

    /** Reads one domain of URI {@code index}; {@code done} gets nothing when libvirt could not tell. */
    void read(int index, String uuid, Consumer<Optional<DomainRead>> done) {
        run(() -> done.accept(call(() -> readNow(index, uuid), "reading " + uuid + " on " + pool.uris().get(index))));
    }

    /** Runs {@code then} once every read asked for so far has ended. */
    void afterQueued(Runnable then) {
        run(then);
    }

    @Override
    public void close() {
        serial.shutdownNow();
    }

    private void run(Runnable job) {
        try {
            serial.execute(job);
        } catch (RejectedExecutionException closed) {
            LOG.debug("inventory reader closed; dropping a read");
        }
    }

    private <T> Optional<T> call(LibvirtCall<Optional<T>> work, String what) {
        try {
            return pool.submit(work).get(READ_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            LOG.warn("{} failed: {}", what, e.getCause() == null ? e.toString() : e.getCause().getMessage());
        } catch (TimeoutException e) {
            LOG.warn("{}: no answer within {} s", what, READ_DEADLINE.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    private Optional<List<VmInfo>> listNow(int index) throws LibvirtException {
        Optional<Lease> leased = pool.lease(index);
        if (leased.isEmpty()) {
            return Optional.empty();
        }
        try (Lease lease = leased.get()) {
            Domain[] domains = lease.connect().listAllDomains(0);
            List<VmInfo> vms = new ArrayList<>(domains.length);
            for (Domain d : domains) {
                try {
                    vms.add(describe(d));
                } catch (LibvirtException e) {
                    // a transient domain destroyed between listing and reading it: it is gone
                    LOG.debug("skipping a domain of {}: {}", lease.uri(), e.getMessage());
                } finally {
                    free(d);
                }
            }
            return Optional.of(vms);
        }
    }

    private Optional<DomainRead> readNow(int index, String uuid) throws LibvirtException {
        Optional<Lease> leased = pool.lease(index);
        if (leased.isEmpty()) {
            return Optional.empty();
        }
        try (Lease lease = leased.get()) {
            Domain d;
            try {
                d = lease.connect().domainLookupByUUIDString(uuid);
            } catch (LibvirtException e) {
                if (e.getError() != null && e.getError().getCode() == Error.ErrorNumber.VIR_ERR_NO_DOMAIN) {
                    return Optional.of(new DomainRead.Gone());
                }
                throw e;
            }
            try {
                return Optional.of(new DomainRead.Present(describe(d)));
            } finally {
                free(d);
            }
        }
    }

    /** libvirt-java's only state getter is getInfo; its enum's ordinals are virDomainState's numbers. */
    private static VmInfo describe(Domain d) throws LibvirtException {
        return new VmInfo(d.getName(), d.getUUIDString(), VmState.fromCode(d.getInfo().state.ordinal()));
    }

    private static void free(Domain d) {
        try {
            d.free();
        } catch (LibvirtException e) {
            LOG.debug("freeing a domain handle: {}", e.getMessage());
        }
    }
}
