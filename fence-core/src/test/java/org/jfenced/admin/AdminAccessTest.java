package org.jfenced.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Optional;
import jdk.net.UnixDomainPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may use the admin socket, with the accounts every Debian system has: root, daemon, nobody. */
class AdminAccessTest {

    private static final UserPrincipalLookupService USERS = FileSystems.getDefault().getUserPrincipalLookupService();

    @TempDir
    Path dir;

    private static UserPrincipal user(String name) throws Exception {
        return USERS.lookupPrincipalByName(name);
    }

    private static GroupPrincipal group(String name) throws Exception {
        return USERS.lookupPrincipalByGroupName(name);
    }

    private static UnixDomainPrincipal peer(String user, String primaryGroup) throws Exception {
        return new UnixDomainPrincipal(user(user), group(primaryGroup));
    }

    private AdminAccess access(String adminGroup, String groupFile) throws Exception {
        Path file = Files.writeString(dir.resolve("group"), groupFile);
        return new AdminAccess(user("root"), user("daemon"), Optional.ofNullable(adminGroup),
                adminGroup == null ? Optional.empty() : Optional.of(group(adminGroup)), file);
    }

    @Test
    void rootAndTheDaemonsOwnUserAreAlwaysAllowed() throws Exception {
        AdminAccess a = access(null, "");
        assertTrue(a.judge(peer("root", "root")).allowed());
        assertTrue(a.judge(peer("daemon", "daemon")).allowed());
    }

    @Test
    void withoutAnAdminGroupEveryoneElseIsRefusedWithAHint() throws Exception {
        AdminAccess.Verdict v = access(null, "").judge(peer("nobody", "nogroup"));
        assertFalse(v.allowed());
        assertEquals("only root may use the admin socket; fence_virtd/@admin_group can let a group in", v.reason());
    }

    @Test
    void aPeerWhosePrimaryGroupIsTheAdminGroupIsAllowed() throws Exception {
        assertTrue(access("nogroup", "").judge(peer("nobody", "nogroup")).allowed());
    }

    @Test
    void aUserListedInTheGroupFileIsAllowedWhateverItsPrimaryGroup() throws Exception {
        AdminAccess a = access("nogroup", "root:x:0:\nnogroup:x:65534:bin,nobody\n");
        assertTrue(a.judge(peer("nobody", "daemon")).allowed());
        AdminAccess.Verdict other = a.judge(peer("sys", "sys"));
        assertFalse(other.allowed());
        assertEquals("user sys is neither root nor a member of group nogroup (fence_virtd/@admin_group)", other.reason());
    }

    @Test
    void aNameThatOnlyStartsLikeAMemberIsNotOne() throws Exception {
        AdminAccess a = access("nogroup", "nogroup:x:65534:nobody2,xnobody\n");
        assertFalse(a.judge(peer("nobody", "daemon")).allowed());
    }
}
