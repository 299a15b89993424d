package org.jfenced.systest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code bin/jfencectl --socket SOCKET …} (or {@code --instance NAME …}) as a process, as root or — through
 * setpriv — as another user.
 */
final class Ctl {

    private final Path home;
    private final List<String> daemon;
    private final List<String> runAs;

    private Ctl(Path home, List<String> daemon, List<String> runAs) {
        this.home = home;
        this.daemon = daemon;
        this.runAs = runAs;
    }

    static Ctl of(Path socket) {
        return new Ctl(Requirements.jfencedHome(), List.of("--socket", socket.toString()), List.of());
    }

    /** The daemon started with {@code -p INSTANCE.pid}, or with {@code -p INSTANCE} when it is a pid file. */
    static Ctl ofInstance(String instance) {
        return new Ctl(Requirements.jfencedHome(), List.of("--instance", instance), List.of());
    }

    /**
     * The same client run through {@code setpriv SETPRIV_ARGS…}, from {@code readableHome}: a copy of
     * the installation the other user can read wherever the build tree lives.
     */
    Ctl as(Path readableHome, String... setprivArgs) {
        List<String> prefix = new ArrayList<>(List.of(Requirements.binary("/usr/bin/setpriv", "util-linux").toString()));
        prefix.addAll(List.of(setprivArgs));
        return new Ctl(readableHome, daemon, prefix);
    }

    ClientRun run(String... args) {
        List<String> cmd = new ArrayList<>(runAs);
        cmd.add(home.resolve("bin/jfencectl").toString());
        cmd.addAll(daemon);
        cmd.addAll(List.of(args));
        return FenceVirt.exec(cmd, null);
    }

    /** Runs with {@code --json}; the command must succeed and print one JSON value. */
    Object json(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        ClientRun r = run(all.toArray(String[]::new));
        if (r.exit() != 0) {
            throw new AssertionError("jfencectl " + all + ": " + r);
        }
        return JsonReader.parse(r.stdout());
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> jsonObject(String... args) {
        return (Map<String, Object>) json(args);
    }

    @SuppressWarnings("unchecked")
    List<Object> jsonArray(String... args) {
        return (List<Object>) json(args);
    }

    /** Copies bin/ and lib/ of the installation into {@code target}, readable by everyone. */
    static Path readableCopy(Path target) {
        Path home = Requirements.jfencedHome();
        try {
            for (String sub : List.of("bin", "lib")) {
                Path to = Files.createDirectories(target.resolve(sub));
                try (Stream<Path> files = Files.list(home.resolve(sub))) {
                    for (Path f : files.toList()) {
                        Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(to.resolve(f.getFileName()),
                                PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
                Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new AssertionError("cannot copy " + home + " to " + target, e);
        }
        return target;
    }
}
