package org.jfenced.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfenced.dispatch.RequestLog;
import org.jfenced.spi.AdminCommand;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.AdminSession;

/** {@code history [-n N]}: the most recent requests, oldest first, and what became of them. */
final class HistoryCommand implements AdminCommand {

    static final int DEFAULT_COUNT = 20;
    /** What the dispatcher's request log keeps. */
    static final int MAX_COUNT = 1000;

    private final DaemonView daemon;

    HistoryCommand(DaemonView daemon) {
        this.daemon = daemon;
    }

    @Override
    public String name() {
        return "history";
    }

    @Override
    public String usage() {
        return "[-n N]";
    }

    @Override
    public String summary() {
        return "the last N requests (default " + DEFAULT_COUNT + "): time, listener, source, action, target, result";
    }

    @Override
    public AdminReply run(List<String> args, AdminSession session) {
        int n = DEFAULT_COUNT;
        if (!args.isEmpty()) {
            if (args.size() != 2 || !args.get(0).equals("-n")) {
                return AdminReply.usage("usage: history [-n N]");
            }
            try {
                n = Integer.parseInt(args.get(1));
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1 || n > MAX_COUNT) {
                return AdminReply.usage("history -n takes a number from 1 to " + MAX_COUNT + ", got \"" + args.get(1)
                        + '"');
            }
        }
        List<RequestLog.Entry> entries = daemon.dispatcher().log().recent(n);
        TextTable table = new TextTable("TIME", "LISTENER", "SOURCE", "ACTION", "TARGET", "RESULT", "ACTING",
                "DURATION");
        for (RequestLog.Entry e : entries) {
            String result = Formats.result(e.result()) + (e.detail().isEmpty() ? "" : ", " + e.detail());
            table.row(Formats.timeMillis(e.time()), e.request().origin(), e.request().source(),
                    Formats.action(e.request().action()), e.request().target(), result, e.actingNode(),
                    Formats.duration(e.duration()));
        }
        String text = entries.isEmpty() ? "no requests yet" : table.render();
        return AdminReply.ok(text, entries.stream().map(HistoryCommand::entry).toList());
    }

    private static Map<String, Object> entry(RequestLog.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", e.time().toString());
        m.put("listener", e.request().origin());
        m.put("source", e.request().source());
        m.put("action", Formats.action(e.request().action()));
        m.put("target", e.request().target());
        m.put("result", Formats.key(e.result()));
        m.put("detail", e.detail().isEmpty() ? null : e.detail());
        m.put("acting_node", e.actingNode().isEmpty() ? null : e.actingNode());
        m.put("duration_ms", Formats.millis(e.duration()));
        return m;
    }
}
