package org.jfenced.libvirt;

import static org.jfenced.libvirt.TestHosts.A_OFF1_UUID;
import static org.jfenced.libvirt.TestHosts.A_RUN1_UUID;
import static org.jfenced.libvirt.TestHosts.fence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool passes libvirt's domain lifecycle events on to subscribers, until they unsubscribe. */
class LifecycleEventsTest {

    @TempDir
    Path dir;

    @Test
    void deliversStoppedAndStartedEventsUntilUnsubscribed() throws Exception {
        String uri = TestHosts.testUri(dir, "node-a.xml");
        try (LibvirtHost backend = TestHosts.connectedBackend(uri)) {
            BlockingQueue<DomainLifecycleEvent> events = new LinkedBlockingQueue<>();
            Subscription subscription = backend.pool().subscribe(events::add);

            assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.OFF, "vm-run1"));
            assertEquals(new DomainLifecycleEvent(uri, "vm-run1", A_RUN1_UUID, DomainLifecycleEvent.Kind.STOPPED),
                    events.poll(5, TimeUnit.SECONDS));

            assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.ON, "vm-off1"));
            assertEquals(new DomainLifecycleEvent(uri, "vm-off1", A_OFF1_UUID, DomainLifecycleEvent.Kind.STARTED),
                    events.poll(5, TimeUnit.SECONDS));

            subscription.close();
            assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.OFF, "vm-run2"));
            assertNull(events.poll(500, TimeUnit.MILLISECONDS), "no events after unsubscribing");
        }
    }
}
