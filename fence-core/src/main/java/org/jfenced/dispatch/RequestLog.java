package org.jfenced.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;

/** The most recent requests and what became of them, newest last, for administrators. */
public final class RequestLog {

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();

    public RequestLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(Entry e) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(e);
    }

    /** Up to {@code n} most recent entries, oldest first. */
    public synchronized List<Entry> recent(int n) {
        List<Entry> all = new ArrayList<>(entries);
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    /**
     * One served request.
     *
     * @param result the reply
     * @param detail more about it, such as {@code 7 VMs} for a host list; empty when there is nothing more
     * @param actingNode the node that carried it out, as the backend names it; empty when no backend
     *     acted (denied, NULL, the backend failed)
     */
    public record Entry(Instant time, FenceRequest request, FenceResult result, String detail, String actingNode,
            Duration duration) {
    }
}
