package org.jfenced.service.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The archives in a storage directory: listing them, and pruning them by a retention policy. */
final class ArchiveStore {

    /** An archive on disk. */
    record Archive(Path path, ArchiveName name, long size) {
    }

    /** One archive and whether pruning keeps it. */
    record Decision(Archive archive, RetentionPlanner.Mark mark) {
    }

    private final Path dir;

    ArchiveStore(Path dir) {
        this.dir = dir;
    }

    /** The archives of {@code vm} (all when null), oldest first; temporary files are not archives. */
    List<Archive> list(String vm) throws BackupFailed {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Archive> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                var name = ArchiveName.parse(p);
                if (name.isPresent() && (vm == null || name.get().vm().equals(vm)) && Files.isRegularFile(p)) {
                    out.add(new Archive(p, name.get(), Files.size(p)));
                }
            }
        } catch (IOException e) {
            throw new BackupFailed("cannot list " + dir + ": " + BackupJob.describe(e), e);
        }
        out.sort(Comparator.comparing((Archive a) -> a.name().vm()).thenComparing(a -> a.name().time()));
        return out;
    }

    /** What {@code policy} keeps and removes of the archives of {@code vm} (each VM on its own when null). */
    List<Decision> plan(String vm, RetentionPolicy policy, ZoneId zone) throws BackupFailed {
        Map<String, List<Archive>> byVm = new TreeMap<>();
        for (Archive a : list(vm)) {
            byVm.computeIfAbsent(a.name().vm(), k -> new ArrayList<>()).add(a);
        }
        RetentionPlanner planner = new RetentionPlanner(policy, zone);
        List<Decision> out = new ArrayList<>();
        byVm.values().forEach(archives -> planner.plan(archives, a -> a.name().time())
                .forEach((a, mark) -> out.add(new Decision(a, mark))));
        return out;
    }

    /** Removes the archives {@code decisions} do not keep; returns how many went. */
    int remove(List<Decision> decisions) throws BackupFailed {
        int n = 0;
        for (Decision d : decisions) {
            if (!d.mark().keep()) {
                try {
                    Files.deleteIfExists(d.archive().path());
                    n++;
                } catch (IOException e) {
                    throw new BackupFailed("cannot remove " + d.archive().path() + ": " + BackupJob.describe(e), e);
                }
            }
        }
        return n;
    }

    /** An archive named on the command line: a path, or a file name in this directory. */
    Path resolve(String archive) {
        Path p = Path.of(archive);
        return p.isAbsolute() || p.getNameCount() > 1 ? p : dir.resolve(p);
    }
}
