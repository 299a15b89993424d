package org.jfenced.service.backup;

/** A backup, restore or verify that cannot be carried out; the message is for the operator. */
final class BackupFailed extends Exception {

    BackupFailed(String message) {
        super(message);
    }

    BackupFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
