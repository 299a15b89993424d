package org.jfenced.libvirt;

import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.FenceResult;

/**
 * A request's answer and how long it took to come, for the tests that pin "fails at once" or "is answered
 * by its deadline" (bounds generous enough for a loaded machine: they pin no waiting, not speed).
 */
public record TimedAnswer(FenceResult result, long millis) {

    /** Asks {@code backend} for {@code action} on {@code target} and times it until the answer. */
    public static TimedAnswer of(FenceBackend backend, FenceAction action, String target) {
        long start = System.nanoTime();
        FenceResult result = TestHosts.fence(backend, action, target);
        return new TimedAnswer(result, (System.nanoTime() - start) / 1_000_000);
    }
}
