package org.jfenced.journal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Where the dispatcher records every request it served. */
public interface Journal {

    /** Keeps nothing: a dispatcher without a journal (tests, tools) answers at once. */
    Journal NONE = entry -> CompletableFuture.completedFuture(null);

    /**
     * Records {@code entry}. The stage completes once the entry is on disk for an off, on or reboot
     * ({@link JournalEntry#mustBeDurable}), at once for anything else (written with the next batch), and
     * exceptionally when it could not be written. Never blocks the caller.
     */
    CompletionStage<Void> append(JournalEntry entry);
}
