package org.jfenced.service.backup;

import java.util.Locale;

/** vzdump's modes: how a running VM is kept from changing its disks while they are copied. */
enum BackupMode {
    /** Shut the guest down, copy, start it again. */
    STOP,
    /** Pause the guest, copy, resume it. */
    SUSPEND,
    /** Copy while it runs, through the hypervisor's backup job (libvirt's backup API). */
    SNAPSHOT;

    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static BackupMode parse(String word) {
        for (BackupMode m : values()) {
            if (m.word().equalsIgnoreCase(word)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode \"" + word + "\": expected stop, suspend or snapshot");
    }
}
