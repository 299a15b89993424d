package org.jfenced.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
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
 * <p>The thread runs only while there is work: the first entry starts it, and it ends once everything
 * it wrote is synced and nothing came for {@link #KEEP_ALIVE}, so that an idle daemon has no thread
 * for its journal (fencing traffic is sporadic) and a burst does not start one per entry.
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
    /** How long the thread waits for more work, once all it wrote is synced, before it ends. */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(1);
    private static final int QUEUE_LIMIT = 65_536;
    /** How many bytes of a batch are written at a time, so that a long queue needs no long buffer. */
    private static final int CHUNK = 64 * 1024;
    /** The answer to an entry nobody waits for; a minimal stage, so no caller can complete it. */
    private static final CompletionStage<Void> ACCEPTED = CompletableFuture.completedStage(null);
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
    private final Duration keepAlive;
    /** Runs as the thread is about to end (tests race an append with the end through it). */
    private final Runnable ending;
    /** Guards starting and ending the thread against close(). */
    private final Object lifecycle = new Object();
    /** The lines being written, by whichever thread writes (one at a time). */
    private final JsonLineBuffer lines = new JsonLineBuffer();
    /** The thread that writes; null while none runs. Set only under {@link #lifecycle}. */
    private volatile Thread thread;
    private FileChannel out;
    private long size;
    /** When the current file's first entry was written; null while it is empty. */
    private Instant firstEntry;
    private boolean unsynced;
    private long lastSyncNanos = System.nanoTime();
    private volatile boolean closed;

    private record Pending(JournalEntry entry, CompletableFuture<Void> written) {
    }

    private JournalWriter(JournalSettings settings, InstantSource clock, Duration keepAlive, Runnable ending,
            FileChannel lockChannel, FileLock lock) throws IOException {
        this.settings = settings;
        this.files = new JournalFiles(settings.dir(), settings.name());
        this.clock = clock;
        this.keepAlive = keepAlive;
        this.ending = ending;
        this.lockChannel = lockChannel;
        this.lock = lock;
        openCurrent();
    }

    /**
     * Opens (and if need be creates) the journal of {@code settings}.
     *
     * @throws IOException when the directory or file cannot be created or written, or another daemon holds it
     */
    public static JournalWriter open(JournalSettings settings) throws IOException {
        return open(settings, InstantSource.system(), KEEP_ALIVE, () -> { });
    }

    /**
     * @param keepAlive how long the thread stays for more work once all it wrote is synced
     * @param ending runs on the thread as it is about to end
     */
    static JournalWriter open(JournalSettings settings, InstantSource clock, Duration keepAlive, Runnable ending)
            throws IOException {
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
            return new JournalWriter(settings, clock, keepAlive, ending, lockChannel, lock);
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    @Override
    public CompletionStage<Void> append(JournalEntry entry) {
        boolean durable = entry.mustBeDurable();
        if (closed) {
            return CompletableFuture.failedStage(new IOException("the journal is closed"));
        }
        // nobody waits for a status or list entry: it gets no future of its own
        CompletableFuture<Void> written = durable ? new CompletableFuture<>() : null;
        Pending pending = new Pending(entry, written);
        if (!queue.offer(pending)) {
            overflow.warn(LOG, "journal: {} entries wait for the disk; dropping entries until it catches up", QUEUE_LIMIT);
            return durable ? CompletableFuture.failedStage(new IOException(
                    "the journal's queue is full: the disk does not keep up")) : ACCEPTED;
        }
        // close() drained the queue before this entry came, unless what took it from there answers it
        if (closed && queue.remove(pending)) {
            return durable ? CompletableFuture.failedStage(new IOException("the journal is closed")) : ACCEPTED;
        }
        if (durable) {
            durableWaiting.set(true);
        }
        Thread writer = thread;
        if (writer == null) {
            startThread();
        } else if (durable || woken.compareAndSet(false, true)) {
            // read after the offer: a thread that is ending looks at the queue once more after it leaves the field
            LockSupport.unpark(writer);
        }
        return durable ? written : ACCEPTED;
    }

    private void startThread() {
        synchronized (lifecycle) {
            if (thread == null && !closed) {
                Thread t = new Thread(this::writeLoop, "journal");
                t.setDaemon(true);
                thread = t;
                t.start();
            }
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        long lastWork = System.nanoTime();
        while (true) {
            if (queue.isEmpty()) {
                if (closed) {
                    write(batch);
                    return;
                }
                long now = System.nanoTime();
                if (!unsynced && now - lastWork >= keepAlive.toNanos()) {
                    if (end()) {
                        return;
                    }
                } else {
                    // until the sync is due, or the keep-alive is over; an entry or close() unparks it
                    LockSupport.parkNanos(this, unsynced ? lastSyncNanos + SYNC_EVERY.toNanos() - now
                            : lastWork + keepAlive.toNanos() - now);
                }
            }
            if (!queue.isEmpty()) {
                gather();
                lastWork = System.nanoTime();
            }
            // cleared before the queue is drained: an entry that comes after the drain wakes the thread again
            woken.set(false);
            durableWaiting.set(false);
            queue.drainTo(batch);
            write(batch);
            batch.clear();
        }
    }

    /**
     * Leaves {@link #thread} empty, then takes it again if an entry came meanwhile and no new thread took
     * it: an append that still saw this thread has its entry in the queue before this looks.
     *
     * @return whether the thread ends
     */
    private boolean end() {
        ending.run();
        synchronized (lifecycle) {
            thread = null;
        }
        if (queue.isEmpty()) {
            return true;
        }
        synchronized (lifecycle) {
            if (thread != null || closed) {
                return true;
            }
            thread = Thread.currentThread();
            return false;
        }
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
                for (Pending p : batch) {
                    JournalLine.write(p.entry(), lines);
                    if (lines.length() >= CHUNK) {
                        writeLines();
                    }
                }
                writeLines();
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

    private void writeLines() throws IOException {
        try {
            writeFully(lines.bytes());
        } finally {
            lines.clear();
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
        Thread writer;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            writer = thread;
        }
        if (writer != null) {
            LockSupport.unpark(writer);
            try {
                writer.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (writer == null || !writer.isAlive()) {
            // what came while the thread ended, or with none running
            List<Pending> rest = new ArrayList<>();
            queue.drainTo(rest);
            write(rest);
        }
        try {
            out.close();
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("journal: closing {}: {}", files.current(), e.toString());
        }
    }

    /** The thread that writes, or null while none runs. */
    Thread writerThread() {
        return thread;
    }

    /** Where it writes, for status and the start-up log. */
    public JournalSettings settings() {
        return settings;
    }
}
