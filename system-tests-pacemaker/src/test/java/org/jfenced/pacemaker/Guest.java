package org.jfenced.pacemaker;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Predicate;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;

/**
 * One node of the guest cluster: a container (the "VM" jfenced fences, named {@code vm-NODE}) running
 * corosync and Pacemaker as node {@code NODE}. Commands run through docker exec.
 */
final class Guest {

    final String node;
    final String vm;
    final String address;
    final GenericContainer<?> container;

    Guest(String node, String vm, String address, GenericContainer<?> container) {
        this.node = node;
        this.vm = vm;
        this.address = address;
        this.container = container;
    }

    /** Runs {@code cmd} in the guest; any exit code. */
    ExecResult exec(String... cmd) {
        try {
            return container.execInContainer(cmd);
        } catch (IOException e) {
            throw new AssertionError(node + ": cannot run " + String.join(" ", cmd) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs a shell command in the guest; it must succeed. Returns its output. */
    String sh(String script) {
        ExecResult r = exec("sh", "-c", script);
        if (r.getExitCode() != 0) {
            throw new AssertionError(node + ": `" + script + "` exited with " + r.getExitCode() + ":\n" + r.getStdout()
                    + r.getStderr());
        }
        return r.getStdout();
    }

    /** Whether docker reports the container running now. */
    boolean running() {
        return Boolean.TRUE.equals(container.getDockerClient().inspectContainerCmd(container.getContainerId()).exec()
                .getState().getRunning());
    }

    /** When docker last started the container, as docker writes it. */
    String startedAt() {
        return container.getDockerClient().inspectContainerCmd(container.getContainerId()).exec().getState()
                .getStartedAt();
    }

    /** Polls {@code script}'s output until it satisfies {@code done}; fails with the last output. */
    String awaitOutput(String script, Predicate<String> done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            if (running()) {
                ExecResult r = exec("sh", "-c", script);
                last = r.getStdout() + r.getStderr();
                if (done.test(last)) {
                    return last;
                }
            }
            pause(Duration.ofMillis(500));
        }
        throw new AssertionError(node + ": " + what + " not seen within " + timeout + "; last `" + script + "`:\n" + last);
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public String toString() {
        return node + " (" + vm + ", " + address + ")";
    }
}
