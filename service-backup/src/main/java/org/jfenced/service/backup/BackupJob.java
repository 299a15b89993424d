package org.jfenced.service.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.VmState;

/**
 * One backup of one VM, in vzdump's phases: prepare (read the domain, list its disks, refuse what
 * cannot be copied), lock (one backup per VM), the mode (stop or suspend a running VM), archive,
 * put the power state back, unlock. The power state goes back before the lock is released, so a
 * second backup never finds the VM in the state this one left it in.
 *
 * <p>Fencing wins: when a fence for the VM arrives (see {@link ActiveBackup#fenced}) the copy stops
 * at the next chunk, the temporary file is removed, and the power state is left to the fence.
 */
final class BackupJob {

    /** How long a guest gets to shut down in stop mode before the backup gives up (vzdump: stopwait). */
    static final Duration STOP_WAIT = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofMillis(100);

    /** What a finished backup produced. */
    record Result(Path archive, long diskBytes, long archiveBytes) {
    }

    private final Hypervisor hypervisor;
    private final VmLocks locks;
    private final BackupSettings settings;
    private final Consumer<String> log;

    /** @param log receives each line meant for the operator (the CLI's progress and the daemon's log) */
    BackupJob(Hypervisor hypervisor, VmLocks locks, BackupSettings settings, Consumer<String> log) {
        this.hypervisor = hypervisor;
        this.locks = locks;
        this.settings = settings;
        this.log = log;
    }

    Result run(String vm, BackupMode mode) throws BackupFailed, BackupAborted, InterruptedException {
        log.accept("starting backup of VM " + vm + " (mode " + mode.word() + ", compress "
                + settings.compression().word() + ", storage " + settings.storage() + ")");
        Hypervisor.DomainFacts facts = hypervisor.facts(vm);
        List<DomainXml.Disk> disks = DomainXml.parse(facts.xml()).disks();
        long total = 0;
        for (DomainXml.Disk d : disks) {
            Path p = Path.of(d.source());
            if (!Files.isReadable(p)) {
                throw new BackupFailed("disk " + d.target() + ": cannot read " + p);
            }
            total += size(p);
            log.accept("include disk '" + d.target() + "' " + p + " " + Sizes.bytes(size(p)) + " (" + d.format() + ")");
        }
        VmState found = facts.state();
        checkState(found);
        if (mode == BackupMode.SNAPSHOT) {
            throw new BackupFailed("mode snapshot needs libvirt's backup API (virDomainBackupBegin: the QEMU driver,"
                    + " libvirt 7.2 or later), which jfenced cannot drive yet and the " + facts.driver()
                    + " driver of this VM does not offer; use --mode suspend or --mode stop");
        }
        prepareStorage();

        ActiveBackup active = new ActiveBackup(facts.name(), facts.uuid(), mode.word());
        Optional<ActiveBackup> holder = locks.lock(active);
        if (holder.isPresent()) {
            throw new BackupFailed("a backup of VM " + holder.get().vm + " is running already (since "
                    + holder.get().started + ", phase " + holder.get().phase() + ")");
        }
        log.accept("VM " + facts.name() + " (" + facts.uuid() + ") is " + word(found) + "; locked for backup");
        active.progress(0, total);
        PowerChange change = PowerChange.NONE;
        try {
            AbortCheck abort = active.abortCheck();
            change = quiesce(active, mode, found, abort);
            active.phase("archive");
            Result result = archive(active, facts, disks, total, abort);
            active.phase("restore power");
            restorePower(active, change);
            change = PowerChange.NONE;
            return result;
        } catch (BackupAborted | BackupFailed | InterruptedException | RuntimeException e) {
            if (change != PowerChange.NONE) {
                restorePowerAfterFailure(active, change);
            }
            throw e;
        } finally {
            locks.unlock(active);
            log.accept("VM " + facts.name() + " unlocked");
        }
    }

    /** What the backup did to the VM, to undo afterwards. */
    private enum PowerChange { NONE, STOPPED, PAUSED }

    private PowerChange quiesce(ActiveBackup active, BackupMode mode, VmState found, AbortCheck abort)
            throws BackupFailed, BackupAborted, InterruptedException {
        if (found == VmState.SHUTOFF) {
            log.accept("VM is shut off: its disks do not change, copying them as they are");
            return PowerChange.NONE;
        }
        if (found == VmState.PAUSED) {
            log.accept("VM is paused: its disks do not change, copying them without stopping it");
            return PowerChange.NONE;
        }
        if (mode == BackupMode.SUSPEND) {
            active.phase("suspend");
            abort.check();
            hypervisor.suspend(active.uuid);
            log.accept("VM paused");
            return PowerChange.PAUSED;
        }
        active.phase("stop");
        abort.check();
        active.holdStopped(true);
        hypervisor.shutdown(active.uuid);
        long start = System.nanoTime();
        long lastSaid = start;
        while (hypervisor.state(active.uuid) != VmState.SHUTOFF) {
            long now = System.nanoTime();
            if (now - start > STOP_WAIT.toNanos()) {
                active.holdStopped(false);
                throw new BackupFailed("the guest did not shut down within " + STOP_WAIT.toSeconds() + " s");
            }
            if (now - lastSaid >= ProgressReporter.MAX_SILENCE.toNanos()) {
                log.accept("waiting for the guest to shut down (" + Duration.ofNanos(now - start).toSeconds() + " s)");
                lastSaid = now;
            }
            abort.check();
            Thread.sleep(POLL.toMillis());
        }
        log.accept("VM shut down");
        return PowerChange.STOPPED;
    }

    private Result archive(ActiveBackup active, Hypervisor.DomainFacts facts, List<DomainXml.Disk> disks, long total,
            AbortCheck abort) throws BackupFailed, BackupAborted, InterruptedException {
        Instant time = Instant.now();
        ArchiveName name = new ArchiveName(facts.name(), time, settings.compression());
        Path target = settings.storage().resolve(name.fileName());
        ProgressReporter progress = new ProgressReporter(total, log);
        try (ArchiveWriter writer = new ArchiveWriter(target, settings.compression(), time)) {
            log.accept("creating archive " + target);
            writer.addBytes(Manifest.DOMAIN_XML, facts.xml().getBytes(StandardCharsets.UTF_8));
            Throttle throttle = new Throttle(settings.bwlimit());
            long before = 0;
            for (DomainXml.Disk d : disks) {
                long base = before;
                writer.addDisk("disks/" + d.target() + ".img", Path.of(d.source()), d.target(), d.format(), throttle,
                        abort, copied -> {
                            active.progress(base + copied, total);
                            progress.update(base + copied, writer.written());
                        });
                before += size(Path.of(d.source()));
            }
            abort.check();
            writer.finish(new Manifest(facts.name(), facts.uuid(), time, active.mode, writer.items()));
            progress.finish(before, writer.written());
            long size = Files.size(target);
            log.accept("archive " + target.getFileName() + " complete, " + Sizes.bytes(size));
            return new Result(target, before, size);
        } catch (IOException e) {
            throw new BackupFailed("cannot write the archive in " + settings.storage() + ": " + describe(e), e);
        }
    }

    /**
     * Puts back what the backup changed, unless a fence took the VM over meanwhile. After an off or a
     * reboot the power state is the fence's. An "on" wants the VM running, which is what putting it
     * back does, so that goes ahead — unless the VM runs already. A fence that arrives while the VM
     * is being started again may find it still off and do nothing, so the start is checked
     * afterwards: an "off" that came in between is carried out again here.
     */
    private void restorePower(ActiveBackup active, PowerChange change) throws BackupFailed, InterruptedException {
        if (change == PowerChange.NONE) {
            return;
        }
        FenceAction fence = active.fencedBy();
        if (fence == FenceAction.OFF || fence == FenceAction.REBOOT) {
            log.accept("VM was fenced (" + fence.name().toLowerCase() + ") during the backup: its power state is"
                    + " the fence's");
            return;
        }
        VmState now = hypervisor.state(active.uuid);
        if (change == PowerChange.STOPPED) {
            active.holdStopped(false);
            if (now != VmState.SHUTOFF) {
                log.accept("VM is " + word(now) + " already: not starting it");
                return;
            }
            hypervisor.start(active.uuid);
            if (active.fencedBy() == FenceAction.OFF) {
                hypervisor.destroy(active.uuid);
                log.accept("a fence (off) came in while the VM was starting again: powered it off for the fence");
                return;
            }
            log.accept("VM started again");
        } else {
            if (now != VmState.PAUSED) {
                log.accept("VM is " + word(now) + " already: not resuming it");
                return;
            }
            hypervisor.resume(active.uuid);
            log.accept("VM resumed");
        }
    }

    private void restorePowerAfterFailure(ActiveBackup active, PowerChange change) {
        try {
            restorePower(active, change);
        } catch (BackupFailed e) {
            log.accept("ERROR: could not put the VM back as it was: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void checkState(VmState s) throws BackupFailed {
        switch (s) {
            case RUNNING, BLOCKED, PAUSED, SHUTOFF -> {
            }
            default -> throw new BackupFailed("the VM is " + word(s) + ": only running, paused or shut off VMs can be"
                    + " backed up");
        }
    }

    private void prepareStorage() throws BackupFailed {
        try {
            Files.createDirectories(settings.storage());
        } catch (IOException e) {
            throw new BackupFailed("cannot create the storage directory " + settings.storage() + ": " + describe(e), e);
        }
        if (!Files.isDirectory(settings.storage())) {
            throw new BackupFailed("storage " + settings.storage() + " is not a directory");
        }
    }

    static String word(VmState s) {
        return switch (s) {
            case SHUTOFF -> "shut off";
            default -> s.name().toLowerCase();
        };
    }

    private static long size(Path p) throws BackupFailed {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new BackupFailed("cannot read the size of " + p + ": " + describe(e), e);
        }
    }

    /** The system's reason (No space left on device, Read-only file system) without Java's wrapping. */
    static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason() + (fse.getFile() == null ? "" : " (" + fse.getFile() + ")");
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
