package org.jfenced.listener.serial;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jfenced.libvirt.DomainLifecycleEvent;
import org.jfenced.libvirt.Lease;
import org.jfenced.libvirt.LibvirtConnectionPool;
import org.jfenced.libvirt.LibvirtEventListener;
import org.jfenced.libvirt.Subscription;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link PortRegistry} in step with the running domains of one libvirt URI: a domain that
 * starts gets its ports served, one that stops or vanishes loses them (lifecycle events), and each
 * time the connection comes up — at start and after libvirtd restarted, when events were lost — every
 * running domain is read again. All of it happens in order on one thread of its own, so a late answer
 * about a domain never overtakes a newer event about it.
 */
final class DomainWatcher implements LibvirtEventListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DomainWatcher.class);
    private static final Duration CALL_LIMIT = Duration.ofSeconds(30);

    private final LibvirtConnectionPool pool;
    private final PortFinder finder;
    private final PortRegistry ports;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "serial-domain-watch");
        t.setDaemon(true);
        return t;
    });
    private Subscription subscription;

    DomainWatcher(LibvirtConnectionPool pool, PortFinder finder, PortRegistry ports) {
        this.pool = pool;
        this.finder = finder;
        this.ports = ports;
    }

    void start() {
        subscription = pool.subscribe(this);
        // the connection may have come up before the subscription: read the domains once in any case
        worker.execute(this::syncAll);
    }

    @Override
    public void onDomainEvent(DomainLifecycleEvent event) {
        switch (event.kind()) {
            case STARTED, DEFINED -> worker.execute(() -> refresh(event.uuid()));
            case STOPPED, UNDEFINED -> worker.execute(() -> ports.remove(event.uuid()));
            case OTHER -> { }
        }
    }

    @Override
    public void onConnectionUp(String uri) {
        worker.execute(this::syncAll);
    }

    private void refresh(String uuid) {
        try {
            ports.set(uuid, call(c -> {
                Domain d = c.domainLookupByUUIDString(uuid);
                return d.isActive() == 1 ? finder.find(d.getXMLDesc(0)) : List.of();
            }));
        } catch (LibvirtException e) {
            if (e.getError() != null && e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                ports.remove(uuid);
            } else {
                LOG.warn("cannot read the ports of VM {}: {}", uuid, e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot read the ports of VM {}: {}", uuid, e.toString());
        }
    }

    private void syncAll() {
        Map<String, List<Path>> running;
        try {
            running = call(c -> {
                Map<String, List<Path>> found = new HashMap<>();
                for (int id : c.listDomains()) {
                    try {
                        Domain d = c.domainLookupByID(id);
                        found.put(d.getUUIDString(), finder.find(d.getXMLDesc(0)));
                    } catch (LibvirtException e) {
                        LOG.debug("domain {} went away while listing: {}", id, e.getMessage());
                    }
                }
                return found;
            });
        } catch (LibvirtException | RuntimeException e) {
            LOG.warn("cannot list the running VMs for their ports: {}", e.getMessage());
            return;
        }
        ports.retainOnly(running.keySet());
        running.forEach(ports::set);
        LOG.info("serving the ports of {} running VMs", ports.ports().size());
    }

    private interface ConnectCall<T> {
        T call(Connect c) throws LibvirtException;
    }

    private <T> T call(ConnectCall<T> work) throws LibvirtException {
        try {
            return pool.submit(() -> {
                try (Lease lease = pool.lease(0).orElseThrow(() -> new IllegalStateException("libvirt is not connected"))) {
                    return work.call(lease.connect());
                }
            }).get(CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof LibvirtException le) {
                throw le;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("libvirt did not answer within " + CALL_LIMIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
        worker.shutdownNow();
    }
}
