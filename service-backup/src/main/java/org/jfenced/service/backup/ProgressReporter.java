package org.jfenced.service.backup;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Turns a copy's byte counts into progress lines in vzdump's format,
 * {@code " 42% (13.4 MiB of 32.0 MiB) in 5.2s, read: 210.3 MiB/s, write: 198.7 MiB/s"}: a line only
 * when the percentage changed and at least {@link #MIN_INTERVAL} passed since the last one, so a
 * fast copy says little; and after {@link #MAX_SILENCE} without a line, one anyway — a percent of a
 * large disk read slowly can take minutes, and jfencectl gives up after 60 s without a word. Rates are over the time since the
 * previous line; read counts disk bytes, write counts archive bytes (after compression).
 */
final class ProgressReporter {

    static final Duration MIN_INTERVAL = Duration.ofSeconds(2);
    static final Duration MAX_SILENCE = Duration.ofSeconds(30);

    private final long total;
    private final Consumer<String> sink;
    private final LongSupplier nanoClock;
    private final long minIntervalNanos;
    private final long startNanos;
    private long lastNanos;
    private long lastRead;
    private long lastWritten;
    private int lastPercent;

    ProgressReporter(long total, Consumer<String> sink) {
        this(total, sink, System::nanoTime, MIN_INTERVAL);
    }

    ProgressReporter(long total, Consumer<String> sink, LongSupplier nanoClock, Duration minInterval) {
        this.total = total;
        this.sink = sink;
        this.nanoClock = nanoClock;
        this.minIntervalNanos = minInterval.toNanos();
        this.startNanos = nanoClock.getAsLong();
        this.lastNanos = startNanos;
    }

    /** The counts so far; may print a line. */
    void update(long read, long written) {
        int percent = percent(read);
        long now = nanoClock.getAsLong();
        long quiet = now - lastNanos;
        if ((percent != lastPercent && quiet >= minIntervalNanos) || quiet >= MAX_SILENCE.toNanos()) {
            emit(read, written, now);
        }
    }

    /** The final counts: always a 100% line (unless one was just printed) and the summary. */
    void finish(long read, long written) {
        long now = nanoClock.getAsLong();
        if (lastPercent != 100 || read != lastRead) {
            emit(read, written, now);
        }
        long elapsed = now - startNanos;
        sink.accept(String.format(Locale.ROOT, "transferred %s in %s (%s), archive %s", Sizes.bytes(read),
                Sizes.duration(Duration.ofNanos(elapsed)), Sizes.rate(read, elapsed), Sizes.bytes(written)));
    }

    private void emit(long read, long written, long now) {
        int percent = percent(read);
        long interval = now - lastNanos;
        sink.accept(String.format(Locale.ROOT, "%3d%% (%s of %s) in %s, read: %s, write: %s", percent,
                Sizes.bytes(read), Sizes.bytes(total), Sizes.duration(Duration.ofNanos(now - startNanos)),
                Sizes.rate(read - lastRead, interval), Sizes.rate(written - lastWritten, interval)));
        lastPercent = percent;
        lastNanos = now;
        lastRead = read;
        lastWritten = written;
    }

    private int percent(long read) {
        return total == 0 ? 100 : (int) Math.min(100, read * 100 / total);
    }
}
