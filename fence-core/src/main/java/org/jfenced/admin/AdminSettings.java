package org.jfenced.admin;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Optional;
import org.jfenced.admin.api.Instances;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigSection;

/**
 * The admin keys of the {@code fence_virtd} block.
 *
 * @param socket {@code admin_socket}: where jfencectl connects (default: the instance's socket,
 *     {@link Instances#defaultSocketFor}, so that daemons with their own pid files never share one)
 * @param group {@code admin_group}: a group whose members may use the socket besides root
 * @param statusFile {@code status_file}: where the status JSON is kept for tools that cannot use the socket
 */
public record AdminSettings(Path socket, Optional<GroupPrincipal> group, Optional<Path> statusFile) {

    public static final String SOCKET_KEY = "fence_virtd/@admin_socket";

    /** The keys of {@code daemon}, for the daemon started with {@code -p pidFile}. */
    public static AdminSettings from(ConfigSection daemon, Path pidFile) throws ConfigException {
        Path socket = absolutePath(daemon, "admin_socket").orElse(Instances.defaultSocketFor(pidFile));
        Optional<String> groupName = daemon.get("admin_group").map(String::trim).filter(g -> !g.isEmpty());
        Optional<GroupPrincipal> group = Optional.empty();
        if (groupName.isPresent()) {
            try {
                group = Optional.of(FileSystems.getDefault().getUserPrincipalLookupService()
                        .lookupPrincipalByGroupName(groupName.get()));
            } catch (UserPrincipalNotFoundException e) {
                throw daemon.invalid("admin_group", "there is no group \"" + groupName.get() + "\" on this host");
            } catch (IOException e) {
                throw daemon.invalid("admin_group", "cannot look up group \"" + groupName.get() + "\": " + e);
            }
        }
        return new AdminSettings(socket, group, absolutePath(daemon, "status_file"));
    }

    private static Optional<Path> absolutePath(ConfigSection daemon, String key) throws ConfigException {
        Optional<String> v = daemon.get(key).map(String::trim);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Path p = Path.of(v.get());
        if (!p.isAbsolute()) {
            throw daemon.invalid(key, "expected an absolute path, got \"" + v.get() + '"');
        }
        return Optional.of(p);
    }
}
