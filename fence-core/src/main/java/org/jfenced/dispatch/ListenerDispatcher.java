package org.jfenced.dispatch;

import java.util.concurrent.CompletionStage;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.RequestDispatcher;

/**
 * The request path as one configured listener sees it: its requests carry the listener's configured name
 * as their origin (so counters, the request log and history say which listener, and so which guest
 * cluster, a request came through), and they are judged by the listener's own groups, which a reload may
 * replace. The duplicate history, the counters and the backend are the daemon's, shared by all listeners.
 */
public final class ListenerDispatcher implements RequestDispatcher {

    private final String name;
    private final Dispatcher dispatcher;
    private volatile AclGroups groups;

    public ListenerDispatcher(String name, Dispatcher dispatcher, AclGroups groups) {
        this.name = name;
        this.dispatcher = dispatcher;
        this.groups = groups;
    }

    public String name() {
        return name;
    }

    public AclGroups groups() {
        return groups;
    }

    /** Requests from now on are judged by {@code next}; requests being served keep the groups they started with. */
    public void setGroups(AclGroups next) {
        groups = next;
    }

    @Override
    public boolean isDuplicate(FenceRequest request) {
        return dispatcher.isDuplicate(request);
    }

    @Override
    public CompletionStage<Answer> serve(FenceRequest request) {
        return dispatcher.serve(named(request), groups);
    }

    @Override
    public void dropped(String listener, DropReason reason) {
        dispatcher.dropped(name, reason);
    }

    @Override
    public void audit(FenceRequest request, FenceResult result, String detail) {
        dispatcher.audit(named(request), result, detail);
    }

    private FenceRequest named(FenceRequest r) {
        return r.origin().equals(name) ? r : new FenceRequest(r.action(), r.target(), r.source(), r.seqno(), name);
    }
}
