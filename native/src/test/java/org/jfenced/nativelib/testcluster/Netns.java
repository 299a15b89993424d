package org.jfenced.nativelib.testcluster;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs code inside a named network namespace without a new process: a fresh thread {@code setns()}es into
 * {@code /run/netns/NAME} and runs the task. Network namespace membership is per thread and inherited by the
 * threads it starts, so a CPG group or quorum connection opened there (and its dispatch thread, and its
 * reconnects) talks to that namespace's corosync.
 */
public final class Netns {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;

    static {
        Native.register(Netns.class, "c");
    }

    private Netns() {
    }

    private static native int open(String path, int flags) throws LastErrorException;

    private static native int setns(int fd, int nstype) throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

    /** Runs {@code task} on a new thread inside namespace {@code name}; waits at most {@code timeoutSeconds}. */
    public static <T> T call(String name, long timeoutSeconds, Callable<T> task) throws Exception {
        FutureTask<T> future = new FutureTask<>(() -> {
            int fd = open("/run/netns/" + name, O_RDONLY_CLOEXEC);
            try {
                setns(fd, CLONE_NEWNET);
            } finally {
                close(fd);
            }
            return task.call();
        });
        Thread thread = new Thread(future, "netns-" + name);
        thread.setDaemon(true);
        thread.start();
        try {
            return future.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new TimeoutException("task in netns " + name + " did not finish within " + timeoutSeconds + " s");
        }
    }
}
