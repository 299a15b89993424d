package org.jfenced.service.backup;

/**
 * Holds a copy to {@code bwlimit} bytes per second, as vzdump's bwlimit does: after each chunk it
 * sleeps until the bytes so far are no more than the limit allows for the time so far. Sleeps are
 * short, so an abort is seen within a tenth of a second.
 */
final class Throttle {

    private static final long MAX_SLEEP_MILLIS = 100;

    private final long bytesPerSecond;
    private final long startNanos = System.nanoTime();
    private long passed;

    /** @param bytesPerSecond 0 for no limit */
    Throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    void pass(long bytes, AbortCheck abort) throws InterruptedException, BackupAborted {
        if (bytesPerSecond == 0) {
            return;
        }
        passed += bytes;
        while (true) {
            long dueNanos = (long) (passed * 1e9 / bytesPerSecond);
            long aheadNanos = dueNanos - (System.nanoTime() - startNanos);
            if (aheadNanos <= 0) {
                return;
            }
            abort.check();
            Thread.sleep(Math.min(MAX_SLEEP_MILLIS, Math.max(1, aheadNanos / 1_000_000)));
        }
    }
}
