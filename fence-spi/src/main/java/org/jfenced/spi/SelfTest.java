package org.jfenced.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@code jfencectl selftest} found when it sent a real, read-only request through a listener to the
 * daemon itself, step by step, so that the first failed step names the cause (a closed port, a key that
 * differs, an algorithm the daemon refuses).
 *
 * @param steps in the order they ran; the test stops at the first that failed
 */
public record SelfTest(List<Step> steps) {

    public SelfTest {
        steps = List.copyOf(steps);
    }

    /** Whether every step ran and succeeded. */
    public boolean passed() {
        return !steps.isEmpty() && steps.stream().allMatch(Step::ok);
    }

    /** A listener that cannot test itself says so in one failed step. */
    public static SelfTest unsupported(String endpoint) {
        return new SelfTest(List.of(new Step("selftest", false, endpoint + ": this listener cannot test itself")));
    }

    /**
     * One step.
     *
     * @param name what was done, such as {@code connect} or {@code authenticate}
     * @param ok whether it worked
     * @param detail what happened, and on failure the likely cause
     */
    public record Step(String name, boolean ok, String detail) {
    }

    /**
     * What to ask.
     *
     * @param vm the VM whose status to ask for
     * @param keyFile a key to sign with instead of the listener's own, such as a copy of a guest's
     * @param timeout how long each step may take
     */
    public record Probe(String vm, Optional<Path> keyFile, Duration timeout) {
    }
}
