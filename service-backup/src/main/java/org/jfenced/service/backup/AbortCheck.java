package org.jfenced.service.backup;

/** Asked between chunks of work: throws when the work must stop. */
@FunctionalInterface
interface AbortCheck {

    AbortCheck NEVER = () -> { };

    void check() throws BackupAborted;
}
