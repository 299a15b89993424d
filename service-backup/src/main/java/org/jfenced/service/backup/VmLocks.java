package org.jfenced.service.backup;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The backups in progress, at most one per VM (by UUID, so a rename does not get a second one in). */
final class VmLocks {

    private final Map<String, ActiveBackup> byUuid = new ConcurrentHashMap<>();

    /** Takes the VM's lock for {@code backup}; empty when it is free, else the backup holding it. */
    Optional<ActiveBackup> lock(ActiveBackup backup) {
        return Optional.ofNullable(byUuid.putIfAbsent(backup.uuid.toLowerCase(), backup));
    }

    void unlock(ActiveBackup backup) {
        byUuid.remove(backup.uuid.toLowerCase(), backup);
    }

    Collection<ActiveBackup> active() {
        return byUuid.values();
    }

    Optional<ActiveBackup> find(String target) {
        return byUuid.values().stream().filter(b -> b.isFor(target)).findFirst();
    }
}
