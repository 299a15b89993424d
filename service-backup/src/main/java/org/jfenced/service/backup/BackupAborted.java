package org.jfenced.service.backup;

/** A backup stopped before it finished: cancelled, or the VM was fenced. The message says which. */
final class BackupAborted extends Exception {

    BackupAborted(String message) {
        super(message);
    }
}
