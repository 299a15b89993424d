package org.jfenced.libvirt;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.LifecycleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands what libvirt reports to the pool's subscribers, on a thread of its own: libvirt callbacks run
 * on the event loop, which must never wait for a subscriber.
 */
final class PoolEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PoolEvents.class);

    private final List<LibvirtEventListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(daemon -> {
        Thread t = new Thread(daemon, "libvirt-events");
        t.setDaemon(true);
        return t;
    });

    Subscription subscribe(LibvirtEventListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The libvirt listener for one connection to {@code uri}. */
    LifecycleListener lifecycleListenerFor(String uri) {
        return (domain, event) -> {
            received(uri, domain, event);
            return 0;
        };
    }

    void connectionUp(String uri) {
        deliver(l -> l.onConnectionUp(uri));
    }

    void connectionDown(String uri, String reason) {
        deliver(l -> l.onConnectionDown(uri, reason));
    }

    /** libvirt passes a Domain with its own reference: read what is needed and free it here. */
    private void received(String uri, Domain domain, DomainEvent event) {
        DomainLifecycleEvent e;
        try {
            e = new DomainLifecycleEvent(uri, domain.getName(), domain.getUUIDString(), kindOf(event));
        } catch (LibvirtException ex) {
            LOG.debug("{}: unreadable lifecycle event {}: {}", uri, event, ex.getMessage());
            return;
        } finally {
            free(domain);
        }
        deliver(l -> l.onDomainEvent(e));
    }

    private static DomainLifecycleEvent.Kind kindOf(DomainEvent event) {
        switch (event.getType()) {
            case DEFINED:
                return DomainLifecycleEvent.Kind.DEFINED;
            case UNDEFINED:
                return DomainLifecycleEvent.Kind.UNDEFINED;
            case STARTED:
                return DomainLifecycleEvent.Kind.STARTED;
            case STOPPED:
                return DomainLifecycleEvent.Kind.STOPPED;
            default:
                return DomainLifecycleEvent.Kind.OTHER;
        }
    }

    private static void free(Domain domain) {
        try {
            domain.free();
        } catch (LibvirtException e) {
            LOG.debug("freeing an event's domain: {}", e.getMessage());
        }
    }

    private void deliver(Consumer<LibvirtEventListener> call) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            delivery.execute(() -> {
                for (LibvirtEventListener l : listeners) {
                    try {
                        call.accept(l);
                    } catch (RuntimeException e) {
                        LOG.warn("libvirt event listener {} failed", l, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("pool closed; event dropped");
        }
    }

    @Override
    public void close() {
        listeners.clear();
        delivery.shutdown();
    }
}
