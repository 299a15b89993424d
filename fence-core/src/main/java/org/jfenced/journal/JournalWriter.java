package org.jfenced.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.jfenced.spi.WarningThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends entries to the journal on a thread of its own, so that no network thread waits for the disk.
 * Entries that arrive while the thread writes are written together, and one fsync covers every off, on
 * and reboot among them (group commit): their answers leave once it returns. Status and list entries
 * ride along with the next fsync, or the next second's; nobody waits for them, so they do not wake the
 * thread one by one: the first of them wakes it, and it gathers them for {@link #LINGER} before it writes
 * (a monitor's status every few seconds costs one write, a burst of them a write per 20 ms, not one per
 * request). An off, on or reboot wakes it at once. The file is rotated by size and by the age of
 * its first entry; a lock file keeps a second daemon of the same instance out.
 *
 * <p>A crash can leave the last line torn. At start such a line is ended, so that the next entry starts
 * a line of its own; readers skip it.
 */
public final class JournalWriter implements Journal, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
    /** How long status and list entries may wait in the page cache for an fsync. */
    private static final Duration SYNC_EVERY = Duration.ofSeconds(1);
    /** How long the thread gathers status and list entries before it writes them. */
    private static final Duration LINGER = Duration.ofMillis(20);
    private static final int QUEUE_LIMIT = 65_536;
    private static final String DIR_MODE = "rwxr-x---";
    private static final String FILE_MODE = "rw-r-----";

    private final JournalSettings settings;
    private final JournalFiles files;
    private final InstantSource clock;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_LIMIT);
    /** Whether the thread has been woken for entries it has not taken from the queue yet. */
    private final AtomicBoolean woken = new AtomicBoolean();
    /** Whether an off, on or reboot waits in the queue, so that the thread writes without gathering. */
    private final AtomicBoolean durableWaiting = new AtomicBoolean();
    private final WarningThrottle overflow = new WarningThrottle(Duration.ofMinutes(1));
    private final WarningThrottle failures = new WarningThrottle(Duration.ofMinutes(1));
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Thread thread;
    private FileChannel out;
    private long size;
    /** When the current file's first entry was written; null while it is empty. */
    private Instant firstEntry;
    private boolean unsynced;
    private long lastSyncNanos = System.nanoTime();
    private volatile boolean closed;

    private record Pending(JournalEntry entry, CompletableFuture<Void> written) {
    }

    private JournalWriter(JournalSettings settings, InstantSource clock, FileChannel lockChannel, FileLock lock) throws IOException {
        this.settings = settings;
        this.files = new JournalFiles(settings.dir(), settings.name());
        this.clock = clock;
        this.lockChannel = lockChannel;
        this.lock = lock;
        openCurrent();
        this.thread = new Thread(this::writeLoop, "journal");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Opens (and if need be creates) the journal of {@code settings}.
     *
     * @throws IOException when the directory or file cannot be created or written, or another daemon holds it
     */
    public static JournalWriter open(JournalSettings settings) throws IOException {
        return open(settings, InstantSource.system());
    }

    static JournalWriter open(JournalSettings settings, InstantSource clock) throws IOException {
        if (!Files.isDirectory(settings.dir())) {
            Files.createDirectories(settings.dir(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString(DIR_MODE)));
        }
        JournalFiles files = new JournalFiles(settings.dir(), settings.name());
        FileChannel lockChannel = FileChannel.open(files.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            // a writer of this same process holds it
            lock = null;
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("another jfenced writes the journal " + files.current() + " (it holds "
                    + files.lock() + ")");
        }
        try {
            return new JournalWriter(settings, clock, lockChannel, lock);
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    @Override
    public CompletionStage<Void> append(JournalEntry entry) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        boolean durable = entry.mustBeDurable();
        if (closed) {
            written.completeExceptionally(new IOException("the journal is closed"));
            return written;
        }
        if (!queue.offer(new Pending(entry, durable ? written : null))) {
            overflow.warn(LOG, "journal: {} entries wait for the disk; dropping entries until it catches up", QUEUE_LIMIT);
            written.completeExceptionally(new IOException("the journal's queue is full: the disk does not keep up"));
            return durable ? written : CompletableFuture.completedFuture(null);
        }
        if (durable) {
            durableWaiting.set(true);
            LockSupport.unpark(thread);
        } else if (woken.compareAndSet(false, true)) {
            LockSupport.unpark(thread);
        }
        return durable ? written : CompletableFuture.completedFuture(null);
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            // close() interrupts, which ends every park at once: what is queued is still written
            if (queue.isEmpty()) {
                LockSupport.parkNanos(this, SYNC_EVERY.toNanos());
            }
            if (!queue.isEmpty()) {
                gather();
            }
            // the interrupt has done its work; left set, it would close the file channel under the next write
            Thread.interrupted();
            // cleared before the queue is drained: an entry that comes after the drain wakes the thread again
            woken.set(false);
            durableWaiting.set(false);
            queue.drainTo(batch);
            write(batch);
            batch.clear();
        }
        write(batch);
    }

    /**
     * Waits {@link #LINGER} for more entries unless an off, on or reboot waits or the journal closes; a wake
     * meant for entries that came during the last write ends no wait early.
     */
    private void gather() {
        long until = System.nanoTime() + LINGER.toNanos();
        for (long left = LINGER.toNanos(); left > 0 && !durableWaiting.get() && !closed; left = until - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
        }
    }

    /** Writes a batch, syncs when an entry needs it or the last sync is a second old, then answers. */
    private void write(List<Pending> batch) {
        boolean durable = batch.stream().anyMatch(p -> p.written() != null);
        try {
            if (!batch.isEmpty()) {
                rotateIfDue();
                StringBuilder text = new StringBuilder(batch.size() * 256);
                for (Pending p : batch) {
                    text.append(JournalLine.write(p.entry())).append('\n');
                }
                writeFully(StandardCharsets.UTF_8.encode(text.toString()));
                if (firstEntry == null) {
                    firstEntry = batch.get(0).entry().time();
                }
                unsynced = true;
            }
            if (unsynced && (durable || closed || System.nanoTime() - lastSyncNanos >= SYNC_EVERY.toNanos())) {
                out.force(false);
                unsynced = false;
                lastSyncNanos = System.nanoTime();
            }
            batch.stream().filter(p -> p.written() != null).forEach(p -> p.written().complete(null));
        } catch (IOException | RuntimeException e) {
            failures.warn(LOG, "journal {}: cannot write: {}; off, on and reboot are answered FAIL until it can",
                    files.current(), e.toString());
            batch.stream().filter(p -> p.written() != null).forEach(p -> p.written().completeExceptionally(e));
            reopen();
        }
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            size += out.write(bytes);
        }
    }

    private void rotateIfDue() throws IOException {
        boolean full = size >= settings.maxBytes();
        boolean old = firstEntry != null && !firstEntry.plus(settings.maxAge()).isAfter(clock.instant());
        if (size == 0 || !(full || old)) {
            return;
        }
        out.force(false);
        out.close();
        Path rotated = files.rotatedName(clock.instant());
        Files.move(files.current(), rotated, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("journal: rotated {} to {} ({})", files.current().getFileName(), rotated.getFileName(),
                full ? size + " bytes" : "its first entry is from " + firstEntry);
        deleteBeyondKeep();
        openCurrent();
    }

    private void deleteBeyondKeep() throws IOException {
        List<Path> rotated = files.rotatedFiles();
        for (int i = 0; i < rotated.size() - settings.keep(); i++) {
            Files.deleteIfExists(rotated.get(i));
            LOG.info("journal: deleted {}, beyond journal_keep = {}", rotated.get(i).getFileName(), settings.keep());
        }
    }

    /** Opens the current file for appending, ends a torn last line, and syncs the directory that holds it. */
    private void openCurrent() throws IOException {
        Path current = files.current();
        boolean created = !Files.exists(current);
        if (created) {
            Files.createFile(current, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(FILE_MODE)));
        }
        out = FileChannel.open(current, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = out.size();
        firstEntry = null;
        if (size > 0) {
            endTornLine(current);
            firstEntry = JournalReader.firstEntryTime(current).orElse(clock.instant());
        }
        if (created) {
            syncDirectory();
        }
    }

    private void endTornLine(Path current) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        try (FileChannel in = FileChannel.open(current, StandardOpenOption.READ)) {
            in.read(last, size - 1);
        }
        if (last.get(0) != '\n') {
            LOG.warn("journal {}: its last line is torn (a crash while it was written); it is kept, readers skip it",
                    current);
            writeFully(ByteBuffer.wrap(new byte[] {'\n'}));
            out.force(false);
        }
    }

    /** A new file's name is durable only once its directory is. */
    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(settings.dir(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("journal: cannot sync directory {}: {}", settings.dir(), e.toString());
        }
    }

    /** After a failed write: start again on the current file, so that a disk that recovers is used again. */
    private void reopen() {
        try {
            out.close();
            openCurrent();
        } catch (IOException e) {
            LOG.debug("journal: reopening {} failed: {}", files.current(), e.toString());
        }
    }

    /** Writes and syncs what is queued, then releases the file and the lock. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            out.close();
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("journal: closing {}: {}", files.current(), e.toString());
        }
    }

    /** Where it writes, for status and the start-up log. */
    public JournalSettings settings() {
        return settings;
    }
}
