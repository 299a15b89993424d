package org.jfenced.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.util.Arrays;
import java.util.Optional;
import jdk.net.UnixDomainPrincipal;

/**
 * Who may use the admin socket, judged from the peer's credentials (SO_PEERCRED): root, the user the
 * daemon runs as, and members of {@code fence_virtd/@admin_group}.
 *
 * <p>SO_PEERCRED carries the peer's user and primary group only, not its supplementary groups, so
 * membership is what the group database says: the peer's primary group is the admin group, or
 * {@code /etc/group} lists the user in it. Accounts from a directory service (LDAP, SSSD) therefore
 * need the admin group as their primary group or an entry in {@code /etc/group}. The socket file's mode
 * (0660, group = admin group) lets the kernel refuse everybody else before they reach this check.
 */
public final class AdminAccess {

    private final UserPrincipal root;
    private final UserPrincipal daemonUser;
    private final Optional<String> groupName;
    private final Optional<GroupPrincipal> group;
    private final Path groupFile;

    public AdminAccess(UserPrincipal root, UserPrincipal daemonUser, Optional<String> groupName,
            Optional<GroupPrincipal> group, Path groupFile) {
        this.root = root;
        this.daemonUser = daemonUser;
        this.groupName = groupName;
        this.group = group;
        this.groupFile = groupFile;
    }

    /**
     * The verdict on one peer.
     *
     * @param reason for a refusal: a sentence the refused user can act on
     */
    public record Verdict(boolean allowed, String reason) {
    }

    public Verdict judge(UnixDomainPrincipal peer) {
        UserPrincipal user = peer.user();
        if (user.equals(root) || user.equals(daemonUser)) {
            return new Verdict(true, "");
        }
        if (group.isPresent() && (peer.group().equals(group.get()) || listedInGroupFile(user.getName()))) {
            return new Verdict(true, "");
        }
        return new Verdict(false, groupName
                .map(g -> "user " + user.getName() + " is neither root nor a member of group " + g
                        + " (fence_virtd/@admin_group)")
                .orElse("only root may use the admin socket; fence_virtd/@admin_group can let a group in"));
    }

    /** Read at each check, so that adding a user to the group needs no daemon restart. */
    private boolean listedInGroupFile(String user) {
        try {
            for (String line : Files.readAllLines(groupFile, StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length >= 4 && f[0].equals(groupName.orElseThrow())) {
                    return Arrays.asList(f[3].split(",")).contains(user);
                }
            }
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + groupFile + ": " + e.getMessage(), e);
        }
        return false;
    }
}
