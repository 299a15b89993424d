package org.jfenced.admin;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfenced.journal.JournalEntry;
import org.jfenced.journal.JournalReader;
import org.jfenced.journal.JournalSettings;
import org.jfenced.spi.AdminCommand;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.AdminSession;

/**
 * {@code history}: the most recent requests, oldest first, and what became of them — from the journal,
 * across restarts, or from memory for a daemon without one — filtered by VM, time, action and result.
 */
final class HistoryCommand implements AdminCommand {

    /** What the dispatcher's request log keeps. */
    static final int MAX_FROM_MEMORY = 1000;
    static final int MAX_FROM_JOURNAL = 100_000;

    private final DaemonView daemon;
    private final Clock clock;

    HistoryCommand(DaemonView daemon) {
        this(daemon, Clock.systemDefaultZone());
    }

    HistoryCommand(DaemonView daemon, Clock clock) {
        this.daemon = daemon;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "history";
    }

    @Override
    public String usage() {
        return HistoryQuery.USAGE;
    }

    @Override
    public String summary() {
        return "the last N requests (default " + HistoryQuery.DEFAULT_COUNT + ") from the journal, across restarts:"
                + " time, listener, source, action, target, ACL, result, acting node, rule and the VM's state before->after; --since takes 30m, 2h,"
                + " 1d, a date or a time";
    }

    @Override
    public AdminReply run(List<String> args, AdminSession session) {
        Optional<JournalSettings> journal = daemon.journal();
        HistoryQuery query;
        try {
            query = HistoryQuery.parse(args, journal.isPresent() ? MAX_FROM_JOURNAL : MAX_FROM_MEMORY, clock);
        } catch (HistoryQuery.BadQuery e) {
            return AdminReply.usage(e.getMessage() + "\nusage: history " + HistoryQuery.USAGE);
        }
        List<JournalEntry> entries;
        int unreadable = 0;
        if (journal.isPresent()) {
            try {
                JournalReader.Page page = new JournalReader(journal.get()).newest(query.filter(), query.count());
                entries = page.entries();
                unreadable = page.unreadable();
            } catch (IOException e) {
                return AdminReply.failed("cannot read the journal " + journal.get().current() + ": " + e.getMessage());
            }
        } else {
            entries = daemon.dispatcher().log().recent(MAX_FROM_MEMORY).stream().filter(query.filter()).toList();
            entries = entries.subList(Math.max(0, entries.size() - query.count()), entries.size());
        }
        TextTable table = new TextTable("TIME", "LISTENER", "SOURCE", "ACTION", "TARGET", "ACL", "RESULT", "ACTING",
                "RULE", "STATE", "DURATION");
        for (JournalEntry e : entries) {
            String result = Formats.result(e.result()) + (e.detail().isEmpty() ? "" : ", " + e.detail());
            table.row(Formats.timeMillis(e.time()), e.request().origin(), e.request().source(),
                    Formats.action(e.request().action()), e.request().target(), Formats.words(e.acl()), result,
                    e.actingNode(), e.rule(), states(e), Formats.duration(e.duration()));
        }
        String text = entries.isEmpty() ? "no requests" + (args.isEmpty() ? " yet" : " match") + "\n" : table.render();
        if (unreadable > 0) {
            text += unreadable + " line(s) of the journal skipped: not whole entries (a crash tears the last line)\n";
        }
        return AdminReply.ok(text, entries.stream().map(HistoryCommand::entry).toList());
    }

    private static Map<String, Object> entry(JournalEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", e.time().toString());
        m.put("listener", e.request().origin());
        m.put("source", e.request().source());
        m.put("action", Formats.action(e.request().action()));
        m.put("target", e.request().target());
        m.put("acl", Formats.key(e.acl()));
        m.put("result", Formats.key(e.result()));
        m.put("detail", e.detail().isEmpty() ? null : e.detail());
        m.put("acting_node", e.actingNode().isEmpty() ? null : e.actingNode());
        m.put("rule", e.rule().isEmpty() ? null : e.rule());
        m.put("reason", e.reason().isEmpty() ? null : e.reason());
        m.put("duration_ms", Formats.millis(e.duration()));
        m.put("state_before", e.stateBefore().isEmpty() ? null : e.stateBefore());
        m.put("state_after", e.stateAfter().isEmpty() ? null : e.stateAfter());
        return m;
    }

    /** {@code running->shut off}; a state not known is {@code ?}, and none known is blank. */
    static String states(JournalEntry e) {
        if (e.stateBefore().isEmpty() && e.stateAfter().isEmpty()) {
            return "";
        }
        return known(e.stateBefore()) + "->" + known(e.stateAfter());
    }

    private static String known(String state) {
        return state.isEmpty() ? "?" : state;
    }
}
