package org.jfenced.nativelib.testcluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a corosync cluster on this machine needs: root (network and mount namespaces, veth, bridges) and the
 * corosync, iproute2 and util-linux tools. A missing piece fails the test loudly; these tests are never
 * skipped, so a CI machine without them cannot pass by accident.
 */
final class Prerequisites {
    private static final List<String> SEARCH_PATH = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/local/bin");
    private static final Map<String, String> PACKAGE_OF = new LinkedHashMap<>();

    static {
        PACKAGE_OF.put("corosync", "corosync");
        PACKAGE_OF.put("corosync-cfgtool", "corosync");
        PACKAGE_OF.put("corosync-quorumtool", "corosync");
        PACKAGE_OF.put("ip", "iproute2");
        PACKAGE_OF.put("mount", "mount");
        PACKAGE_OF.put("sh", "dash");
    }

    private final Map<String, Path> tools = new LinkedHashMap<>();

    private Prerequisites() {
    }

    /** Finds every tool or throws, naming everything that is missing. */
    static Prerequisites check() {
        Prerequisites found = new Prerequisites();
        List<String> missing = new ArrayList<>();
        if (!isRoot()) {
            missing.add("root privileges (uid 0): network namespaces, veth pairs and bind mounts need CAP_SYS_ADMIN and CAP_NET_ADMIN");
        }
        PACKAGE_OF.forEach((tool, pkg) -> {
            Path path = locate(tool);
            if (path == null) {
                missing.add("command '" + tool + "' (Debian package " + pkg + ")");
            } else {
                found.tools.put(tool, path);
            }
        });
        if (!missing.isEmpty()) {
            throw new IllegalStateException("\n*** The corosync cluster fixture cannot run on this machine. Missing:\n  - "
                    + String.join("\n  - ", missing)
                    + "\n*** Run as root with: apt-get install -y corosync iproute2 mount\n"
                    + "*** These tests are not skipped on purpose: they are the proof that the corosync binding works.\n");
        }
        return found;
    }

    String tool(String name) {
        return tools.get(name).toString();
    }

    private static Path locate(String tool) {
        List<String> dirs = new ArrayList<>(SEARCH_PATH);
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(0, List.of(path.split(":")));
        }
        for (String dir : dirs) {
            Path candidate = Path.of(dir, tool);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
