package org.jfenced.service.backup;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jfenced.spi.FenceAction;

/**
 * One backup in progress, as the rest of the daemon sees it: what it is doing, and the way to stop
 * it. The fence path only sets fields here and returns — it never waits for the backup.
 */
final class ActiveBackup {

    final String vm;
    final String uuid;
    final String mode;
    final Instant started = Instant.now();
    private volatile String phase = "prepare";
    private volatile long done;
    private volatile long total;
    private final AtomicReference<String> abortReason = new AtomicReference<>();
    private volatile FenceAction fencedBy;
    private volatile boolean heldStopped;
    private final AtomicBoolean ownStopPending = new AtomicBoolean();

    ActiveBackup(String vm, String uuid, String mode) {
        this.vm = vm;
        this.uuid = uuid;
        this.mode = mode;
    }

    /** Whether a request's target (a name, case-sensitive as libvirt's, or a UUID in any case) is this VM. */
    boolean isFor(String target) {
        return target.equals(vm) || target.equalsIgnoreCase(uuid);
    }

    void phase(String p) {
        phase = p;
    }

    String phase() {
        return phase;
    }

    void progress(long doneBytes, long totalBytes) {
        done = doneBytes;
        total = totalBytes;
    }

    /** The operator asked to stop: abort, then put the VM back as it was. */
    void cancel(String who) {
        abortReason.compareAndSet(null, "cancelled by " + who);
    }

    /** A fence for this VM is about to be carried out: abort; the power state is then the fence's. */
    void fenced(FenceAction action) {
        fencedBy = action;
        abortReason.compareAndSet(null, "VM fenced (" + action.name().toLowerCase() + ") during the backup");
    }

    /**
     * libvirt reports the VM stopped. Unless the backup stopped it itself, someone else did — a fence
     * routed another way, or an administrator — and that wins like a fence.
     */
    void stoppedByLibvirt() {
        if (!ownStopPending.compareAndSet(true, false)) {
            fenced(FenceAction.OFF);
        }
    }

    /**
     * libvirt reports the VM started. While the backup holds it stopped, someone else started it (a
     * fence "on" or "reboot" routed another way): its disks are changing, and the fence wins.
     */
    void startedByLibvirt() {
        if (heldStopped) {
            fenced(FenceAction.ON);
        }
    }

    /**
     * True from just before the backup shuts the VM down until just before it starts it again. The
     * first STOPPED event after the shutdown is the backup's own (libvirt's events arrive late, maybe
     * after the VM is running again), so it is not taken for someone else's.
     */
    void holdStopped(boolean held) {
        if (held) {
            ownStopPending.set(true);
        }
        heldStopped = held;
    }

    /** Non-null once a fence (or a stop by someone else) took the VM over. */
    FenceAction fencedBy() {
        return fencedBy;
    }

    AbortCheck abortCheck() {
        return () -> {
            String reason = abortReason.get();
            if (reason != null) {
                throw new BackupAborted(reason);
            }
        };
    }

    Map<String, Object> data() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vm", vm);
        m.put("uuid", uuid);
        m.put("mode", mode);
        m.put("started", started.toString());
        m.put("phase", phase);
        m.put("bytes_done", done);
        m.put("bytes_total", total);
        m.put("aborting", abortReason.get());
        return m;
    }

    String line() {
        long t = total;
        String pct = t == 0 ? "" : " " + (done * 100 / t) + "% (" + Sizes.bytes(done) + " of " + Sizes.bytes(t) + ")";
        String aborting = abortReason.get();
        return vm + "  " + mode + "  " + phase + pct + (aborting == null ? "" : "  aborting: " + aborting);
    }
}
