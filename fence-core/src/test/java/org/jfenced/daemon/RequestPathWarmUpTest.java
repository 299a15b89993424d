package org.jfenced.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.testkit.RecordingBackend;
import org.junit.jupiter.api.Test;

class RequestPathWarmUpTest {

    /** A backend that, like libvirt's, answers from this host. */
    private static final class LocalBackend extends RecordingBackend {
        @Override
        public boolean answersStatusLocally() {
            return true;
        }
    }

    @Test
    void aLocalBackendIsAskedOnlyTheStatusOfTheFirstVmItLists() {
        LocalBackend backend = new LocalBackend();
        assertTrue(RequestPathWarmUp.run(backend));
        assertEquals(List.of(new FenceRequest(FenceAction.STATUS, RecordingBackend.VM_A.name(),
                RequestPathWarmUp.ORIGIN, 0, RequestPathWarmUp.ORIGIN)), backend.calls);
    }

    @Test
    void aBackendWhoseAnswersInvolveOtherHostsIsNotAsked() {
        RecordingBackend clustered = new RecordingBackend();
        assertFalse(RequestPathWarmUp.run(clustered));
        assertTrue(clustered.calls.isEmpty());
    }

    @Test
    void aBackendThatNeverAnswersOnlyEndsTheWarmUp() {
        RecordingBackend stuck = new LocalBackend().answering(new CompletableFuture<>());
        assertFalse(RequestPathWarmUp.run(stuck));
        assertEquals(1, stuck.calls.size());
    }
}
