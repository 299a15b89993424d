package org.jfenced.backend.cpg;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.jfenced.backend.cpg.state.ClusterState;
import org.jfenced.backend.cpg.state.GroupEvent;
import org.jfenced.backend.cpg.state.SelfFencePromise;
import org.jfenced.libvirt.DomainLifecycleEvent;
import org.jfenced.libvirt.LibvirtConnectionPool;
import org.jfenced.libvirt.LibvirtEventListener;
import org.jfenced.libvirt.Subscription;
import org.jfenced.spi.VmInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the group's view of this host's VMs right: libvirt's lifecycle events and connection changes, and
 * listings at start and at every resync, become reads of the {@link InventoryReader}, whose results are
 * applied to the {@link LocalInventory} under the {@link GroupExecutor}'s lock and multicast as deltas.
 */
final class InventoryPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InventoryPublisher.class);

    private final List<String> uris;
    private final LibvirtConnectionPool pool;
    private final GroupExecutor executor;
    private final ClusterState state;
    private final InventoryReader reader;
    private final LocalInventory inventory;
    private Subscription libvirtEvents;

    InventoryPublisher(List<String> uris, LibvirtConnectionPool pool, GroupExecutor executor, ClusterState state) {
        this.uris = uris;
        this.pool = pool;
        this.executor = executor;
        this.state = state;
        this.reader = new InventoryReader(pool);
        this.inventory = new LocalInventory(uris.size());
    }

    /** Follows libvirt's events from now on. */
    void subscribe() {
        libvirtEvents = pool.subscribe(new LibvirtEvents());
    }

    /** Under the lock: what this host has, for the log. */
    String describe() {
        return inventory.current().size() + " VMs here"
                + (inventory.complete() ? "" : ", but not every libvirt URI could be listed yet");
    }

    /** Under the lock: this host's VMs for the snapshot after a join, with what else the snapshot carries. */
    List<GroupEvent.Snapshot> snapshot(long view, List<GroupEvent.AbsentNode> absent, List<GroupEvent.OpenCall> open,
            SelfFencePromise promise) {
        return inventory.snapshot(view, absent, open, promise);
    }

    /** libvirt's reports, turned into reads of the inventory reader; their results are applied under the lock. */
    private final class LibvirtEvents implements LibvirtEventListener {
        @Override
        public void onDomainEvent(DomainLifecycleEvent event) {
            int index = uris.indexOf(event.uri());
            reader.read(index, event.uuid(), read -> read.ifPresent(r -> executor.execute(() -> {
                Optional<VmInfo> vm = r instanceof InventoryReader.DomainRead.Present p ? Optional.of(p.vm()) : Optional.empty();
                publish(inventory.refreshed(index, event.uuid(), vm));
            }, () -> { })));
        }

        @Override
        public void onConnectionUp(String uri) {
            list(uris.indexOf(uri), null);
        }

        @Override
        public void onConnectionDown(String uri, String reason) {
            int index = uris.indexOf(uri);
            executor.execute(() -> publish(inventory.down(index)), () -> { });
        }
    }

    /**
     * Lists every URI that is up, then makes sure the group holds what this host has (a resync catches
     * lifecycle events libvirt never sent); the latch opens when every listing has ended.
     */
    CountDownLatch listEverything() {
        CountDownLatch done = new CountDownLatch(uris.size());
        for (int i = 0; i < uris.size(); i++) {
            if (pool.status().get(i).up()) {
                list(i, done);
            } else {
                done.countDown();
            }
        }
        reader.afterQueued(() -> executor.execute(this::correctGroupView, () -> { }));
        return done;
    }

    private void list(int index, CountDownLatch done) {
        reader.list(index, vms -> {
            vms.ifPresent(list -> executor.execute(() -> publish(inventory.listed(index, list)), () -> { }));
            if (done != null) {
                done.countDown();
            }
        });
    }

    private void correctGroupView() {
        GroupChannel c = executor.channel();
        if (executor.inGroup() && state.map().isPublished(c.self())) {
            publish(inventory.correct(state.map().vmsOf(c.self())));
        }
    }

    private void publish(Optional<GroupEvent.Delta> delta) {
        delta.ifPresent(d -> {
            LOG.debug("VM changes here: {} changed, {} gone, complete {}, reachable {}", d.upserted().size(),
                    d.removedUuids().size(), d.complete(), d.reachable());
            executor.multicast(d);
        });
    }

    /** Stops following libvirt and reading it. */
    @Override
    public void close() {
        if (libvirtEvents != null) {
            libvirtEvents.close();
        }
        reader.close();
    }
}
