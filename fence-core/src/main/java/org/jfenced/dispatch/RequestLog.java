package org.jfenced.dispatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jfenced.journal.JournalEntry;

/**
 * The most recent requests and what became of them, newest last, kept in memory: the history of a
 * dispatcher without a journal on disk.
 */
public final class RequestLog {

    private final int capacity;
    private final Deque<JournalEntry> entries = new ArrayDeque<>();

    public RequestLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(JournalEntry e) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(e);
    }

    /** Up to {@code n} most recent entries, oldest first. */
    public synchronized List<JournalEntry> recent(int n) {
        List<JournalEntry> all = new ArrayList<>(entries);
        return all.subList(Math.max(0, all.size() - n), all.size());
    }
}
