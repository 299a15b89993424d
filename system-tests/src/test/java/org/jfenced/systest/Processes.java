package org.jfenced.systest;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping processes this test started, by their pid only. */
final class Processes {

    private Processes() {
    }

    /** SIGTERM, then SIGKILL after {@code grace}; waits until the process is gone. */
    static void stop(ProcessHandle p, Duration grace) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            p.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            p.onExit().join();
        }
    }

    static void kill(ProcessHandle p) {
        p.destroyForcibly();
        p.onExit().join();
    }
}
