package org.jfenced.service.backup;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jfenced.spi.AdminCommand;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.AdminSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code jfencectl backup run|list|prune|restore|verify|cancel …}. */
final class BackupCommand implements AdminCommand {

    private static final Logger LOG = LoggerFactory.getLogger(BackupCommand.class);
    static final String USAGE = """
            backup run VM [--mode stop|suspend|snapshot] [--storage DIR] [--compress none|gzip|zstd]
              backup list [VM] [--storage DIR]
              backup prune [VM] [--dry-run] [--storage DIR] [--keep-last N] [--keep-daily N] [--keep-weekly N] …
              backup restore ARCHIVE [--name NEW] [--storage DIR] [--force]
              backup verify ARCHIVE
              backup cancel VM""";

    private final BackupService service;
    private final ZoneId zone;

    BackupCommand(BackupService service, ZoneId zone) {
        this.service = service;
        this.zone = zone;
    }

    @Override
    public String name() {
        return "backup";
    }

    @Override
    public String usage() {
        return "run|list|prune|restore|verify|cancel …";
    }

    @Override
    public String summary() {
        return "back up, restore, verify and prune VM archives";
    }

    @Override
    public AdminReply run(List<String> args, AdminSession session) throws Exception {
        Deque<String> a = new ArrayDeque<>(args);
        String sub = a.pollFirst();
        if (sub == null) {
            return AdminReply.usage("usage: " + USAGE);
        }
        try {
            return switch (sub) {
                case "run" -> run(new Args(a, "--mode", "--storage", "--compress"), session);
                case "list" -> list(new Args(a, "--storage"));
                case "prune" -> prune(new Args(a, "--storage", "--keep-last", "--keep-hourly", "--keep-daily",
                        "--keep-weekly", "--keep-monthly", "--keep-yearly", "--dry-run"), session);
                case "restore" -> restore(new Args(a, "--name", "--storage", "--force"), session);
                case "verify" -> verify(new Args(a), session);
                case "cancel" -> cancel(new Args(a), session);
                default -> AdminReply.usage("unknown backup command \"" + sub + "\"; usage: " + USAGE);
            };
        } catch (IllegalArgumentException e) {
            return AdminReply.usage(e.getMessage() + "; usage: " + USAGE);
        }
    }

    private AdminReply run(Args args, AdminSession session) throws InterruptedException {
        String vm = args.one("VM");
        BackupMode mode = BackupMode.parse(args.option("--mode").orElse("suspend"));
        BackupSettings s = settings(args);
        Optional<String> c = args.option("--compress");
        if (c.isPresent()) {
            s = s.withCompression(Compression.parse(c.get()));
        }
        LOG.info("audit: user {} asks for a backup of VM {} (mode {})", session.user(), vm, mode.word());
        Consumer<String> log = line(session, vm);
        try {
            BackupJob.Result r = new BackupJob(service.hypervisor(), service.locks(), s, log).run(vm, mode);
            pruneAfterBackup(s, vm, log);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("vm", vm);
            d.put("archive", r.archive().toString());
            d.put("disk_bytes", r.diskBytes());
            d.put("archive_bytes", r.archiveBytes());
            return AdminReply.ok("backup of VM " + vm + " done: " + r.archive() + " (" + Sizes.bytes(r.archiveBytes())
                    + ")", d);
        } catch (BackupAborted e) {
            return failed(log, "backup of VM " + vm + " aborted: " + e.getMessage()
                    + "; no archive was written");
        } catch (BackupFailed e) {
            return failed(log, "backup of VM " + vm + " failed: " + e.getMessage());
        }
    }

    /** vzdump prunes after a successful backup when a keep rule is set; so does this. */
    private void pruneAfterBackup(BackupSettings s, String vm, Consumer<String> log) throws BackupFailed {
        if (s.retention().keepsAll()) {
            return;
        }
        ArchiveStore store = new ArchiveStore(s.storage());
        List<ArchiveStore.Decision> plan = store.plan(vm, s.retention(), zone);
        int removed = store.remove(plan);
        log.accept("prune older backups with retention " + s.retention() + ": removed " + removed);
    }

    private AdminReply list(Args args) throws BackupFailed {
        String vm = args.optionalOne();
        List<ArchiveStore.Archive> archives = new ArchiveStore(settings(args).storage()).list(vm);
        StringBuilder text = new StringBuilder(String.format("%-20s %-20s %-5s %10s  %s%n", "VM", "TIME (UTC)",
                "COMP", "SIZE", "ARCHIVE"));
        List<Object> data = new ArrayList<>();
        for (ArchiveStore.Archive a : archives) {
            text.append(String.format("%-20s %-20s %-5s %10s  %s%n", a.name().vm(),
                    a.name().time().toString().replace('T', ' ').replace("Z", ""), a.name().compression().word(),
                    Sizes.bytes(a.size()), a.path().getFileName()));
            data.add(archiveData(a));
        }
        if (archives.isEmpty()) {
            text.setLength(0);
            text.append("no backups").append(vm == null ? "" : " of VM " + vm).append(" in ")
                    .append(settings(args).storage()).append('\n');
        }
        return AdminReply.ok(text.toString(), data);
    }

    private AdminReply prune(Args args, AdminSession session) throws BackupFailed {
        String vm = args.optionalOne();
        BackupSettings s = settings(args);
        RetentionPolicy configured = s.retention();
        RetentionPolicy policy = new RetentionPolicy(args.count("--keep-last", configured.last()),
                args.count("--keep-hourly", configured.hourly()), args.count("--keep-daily", configured.daily()),
                args.count("--keep-weekly", configured.weekly()), args.count("--keep-monthly", configured.monthly()),
                args.count("--keep-yearly", configured.yearly()));
        boolean dryRun = args.flag("--dry-run");
        ArchiveStore store = new ArchiveStore(s.storage());
        List<ArchiveStore.Decision> plan = store.plan(vm, policy, zone);
        StringBuilder text = new StringBuilder("retention " + policy + (dryRun ? " (dry run: nothing removed)" : "")
                + "\n");
        List<Object> data = new ArrayList<>();
        for (ArchiveStore.Decision d : plan) {
            String verdict = d.mark().keep() ? "keep" : (dryRun ? "would remove" : "remove");
            text.append(String.format("%-12s  %-12s  %s%n", verdict, d.mark().rule(), d.archive().path().getFileName()));
            Map<String, Object> m = archiveData(d.archive());
            m.put("keep", d.mark().keep());
            m.put("rule", d.mark().rule());
            data.add(m);
        }
        if (!dryRun) {
            LOG.info("audit: user {} prunes backups{} with {}", session.user(), vm == null ? "" : " of VM " + vm, policy);
            int removed = store.remove(plan);
            text.append("removed ").append(removed).append(" backup(s)\n");
        }
        return AdminReply.ok(text.toString(), data);
    }

    private AdminReply restore(Args args, AdminSession session) throws InterruptedException {
        Path archive = new ArchiveStore(service.settings().storage()).resolve(args.one("ARCHIVE"));
        Optional<String> name = args.option("--name");
        Path diskDir = args.option("--storage").map(Path::of).orElse(null);
        boolean force = args.flag("--force");
        LOG.info("audit: user {} restores {}{}", session.user(), archive, name.map(n -> " as " + n).orElse(""));
        Consumer<String> log = line(session, name.orElse(archive.getFileName().toString()));
        try {
            RestoreJob.Result r = new RestoreJob(service.hypervisor(), log).run(archive, name.orElse(null), diskDir,
                    force, AbortCheck.NEVER);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("vm", r.vm());
            d.put("disks", r.disks().stream().map(Path::toString).toList());
            return AdminReply.ok("restored VM " + r.vm() + " from " + archive.getFileName(), d);
        } catch (BackupFailed | BackupAborted e) {
            return failed(log, "restore of " + archive.getFileName() + " failed: " + e.getMessage());
        }
    }

    private AdminReply verify(Args args, AdminSession session) {
        Path archive = new ArchiveStore(service.settings().storage()).resolve(args.one("ARCHIVE"));
        try {
            ArchiveReader.Contents c = ArchiveReader.verify(archive, AbortCheck.NEVER);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("archive", archive.toString());
            d.put("ok", true);
            d.put("vm", c.manifest().vm());
            d.put("entries", c.manifest().items().size());
            return AdminReply.ok(archive.getFileName() + ": OK, " + c.manifest().items().size()
                    + " entries match their SHA-256 checksums", d);
        } catch (BackupFailed | BackupAborted e) {
            return AdminReply.failed("verify: " + e.getMessage());
        }
    }

    private AdminReply cancel(Args args, AdminSession session) {
        String vm = args.one("VM");
        Optional<ActiveBackup> b = service.locks().find(vm);
        if (b.isEmpty()) {
            return AdminReply.failed("no backup of VM " + vm + " is running");
        }
        b.get().cancel("user " + session.user());
        LOG.info("audit: user {} cancels the backup of VM {}", session.user(), vm);
        return AdminReply.ok("cancelling the backup of VM " + b.get().vm + "; it stops at its next chunk",
                Map.of("vm", b.get().vm, "cancelled", true));
    }

    private BackupSettings settings(Args args) {
        return args.option("--storage").map(d -> service.settings().withStorage(Path.of(d)))
                .orElse(service.settings());
    }

    private static Map<String, Object> archiveData(ArchiveStore.Archive a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vm", a.name().vm());
        m.put("time", a.name().time().toString());
        m.put("compress", a.name().compression().word());
        m.put("size", a.size());
        m.put("archive", a.path().toString());
        return m;
    }

    private static AdminReply failed(Consumer<String> log, String message) {
        log.accept("ERROR: " + message);
        return AdminReply.failed(message);
    }

    /** Every line goes both to the client, as it happens, and to the daemon's log. */
    private static Consumer<String> line(AdminSession session, String vm) {
        return l -> {
            LOG.info("backup {}: {}", vm, l);
            session.progress(l);
        };
    }

    /** The words after the subcommand: positionals, and the options it accepts. */
    private static final class Args {
        private final List<String> positional = new ArrayList<>();
        private final Map<String, String> options = new LinkedHashMap<>();

        Args(Deque<String> words, String... accepted) {
            List<String> known = List.of(accepted);
            while (!words.isEmpty()) {
                String w = words.pollFirst();
                if (!w.startsWith("--")) {
                    positional.add(w);
                    continue;
                }
                if (!known.contains(w)) {
                    throw new IllegalArgumentException("unknown option " + w);
                }
                if (w.equals("--force") || w.equals("--dry-run")) {
                    options.put(w, "");
                } else {
                    String v = words.pollFirst();
                    if (v == null) {
                        throw new IllegalArgumentException(w + " needs a value");
                    }
                    options.put(w, v);
                }
            }
        }

        String one(String what) {
            if (positional.size() != 1) {
                throw new IllegalArgumentException("expected one " + what);
            }
            return positional.get(0);
        }

        String optionalOne() {
            if (positional.size() > 1) {
                throw new IllegalArgumentException("expected at most one VM");
            }
            return positional.isEmpty() ? null : positional.get(0);
        }

        Optional<String> option(String name) {
            return Optional.ofNullable(options.get(name));
        }

        boolean flag(String name) {
            return options.containsKey(name);
        }

        int count(String name, int dflt) {
            String v = options.get(name);
            if (v == null) {
                return dflt;
            }
            try {
                int n = Integer.parseInt(v);
                if (n < 0) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a whole number, got \"" + v + '"');
            }
        }
    }
}
