package org.jfenced.systest;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches one fence from the host, every 2 ms: when the client in the guest started and ended (the
 * marks {@link Guest#startMarked} writes to the client guest's console), when the target's qemu
 * process exited, and when libvirt's record of it as running went away. The order of those moments
 * is what a fence promises: the VM is gone before the client hears success.
 */
final class FenceWatch {

    /** Host clock ({@link System#nanoTime()}) of each moment; 0 when it did not happen. */
    record Moments(long clientStart, long clientDone, long qemuExit, long libvirtOff) {

        long successMillis() {
            return (clientDone - clientStart) / 1_000_000;
        }

        long qemuExitMillis() {
            return (qemuExit - clientStart) / 1_000_000;
        }

        @Override
        public String toString() {
            return "client start→done " + successMillis() + " ms, start→qemu exit " + qemuExitMillis()
                    + " ms, start→libvirt shut off " + (libvirtOff == 0 ? "never" : (libvirtOff - clientStart) / 1_000_000 + " ms");
        }
    }

    private final CompletableFuture<Moments> result;

    private FenceWatch(Guest client, Guest target, long limitMillis) {
        ProcessHandle qemu = target.qemu().orElseThrow(() -> new AssertionError(target + " has no qemu process"));
        long offset = client.consoleFile().toFile().length();
        result = CompletableFuture.supplyAsync(() -> watch(client, target, qemu, offset, limitMillis));
    }

    /** Starts watching now, before the client is started. */
    static FenceWatch start(Guest client, Guest target) {
        return new FenceWatch(client, target, 120_000);
    }

    Moments await() {
        try {
            return result.get(150, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("watching the fence failed", e);
        }
    }

    private static Moments watch(Guest client, Guest target, ProcessHandle qemu, long offset, long limitMillis) {
        long deadline = System.nanoTime() + limitMillis * 1_000_000;
        long start = 0;
        long done = 0;
        long exit = 0;
        long off = 0;
        StringBuilder seen = new StringBuilder();
        try (RandomAccessFile console = new RandomAccessFile(client.consoleFile().toFile(), "r")) {
            console.seek(offset);
            byte[] buf = new byte[4096];
            while (done == 0 && System.nanoTime() < deadline) {
                long now = System.nanoTime();
                int n;
                while ((n = console.read(buf)) > 0) {
                    seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
                if (start == 0 && seen.indexOf(Guest.START_MARK) >= 0) {
                    start = now;
                }
                if (seen.indexOf(Guest.DONE_MARK) >= 0) {
                    done = now;
                }
                if (exit == 0 && !qemu.isAlive()) {
                    exit = now;
                }
                if (off == 0 && !target.statusFile().toFile().exists()) {
                    off = now;
                }
                Thread.sleep(2);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return new Moments(start, done, exit, off);
    }
}
