package org.jfenced.service.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member given another's corosync.conf: it writes only a sound file that names it and is newer than its
 * own, keeps its own otherwise, and every refusal or failure leaves its file byte for byte as it was.
 */
class OfferReceiverTest {

    private static final OfferId ID = new OfferId(1, 4242, 7);
    private static final long MEMBER_NODE = 2;

    @TempDir
    Path dir;

    private ClusterHost member;
    private OfferReceiver receiver;
    /** The origin's file after {@code addnode pve4}: config_version 4. */
    private String version4;

    @BeforeEach
    void hosts() throws IOException {
        version4 = ClusterHost.withPve4(dir.resolve("origin"));
        member = ClusterHost.withFakeCorosync(Files.createDirectories(dir.resolve("member")));
        receiver = new OfferReceiver(member.editor);
    }

    @Test
    void anOlderFileIsReplacedByTheOfferedBytesAndKeptAsABackup() throws IOException {
        Files.writeString(member.conf, ClusterHost.golden("addnode.conf"));

        Answer answer = receiver.answer(offer(version4, 4), 1, MEMBER_NODE);

        assertEquals(Answer.Outcome.WRITTEN, answer.outcome());
        assertEquals(4, answer.configVersion());
        assertEquals(version4, member.confText());
        List<Path> backups = backups();
        assertEquals(1, backups.size());
        assertEquals(backups.get(0).toString(), answer.backup());
        assertEquals(ClusterHost.golden("addnode.conf"), Files.readString(backups.get(0)));
        assertEquals(ID, answer.id());
    }

    @Test
    void aMemberWithoutAFileTakesIt() throws IOException {
        Answer answer = receiver.answer(offer(version4, 4), 1, MEMBER_NODE);

        assertEquals(Answer.Outcome.WRITTEN, answer.outcome());
        assertEquals("", answer.backup());
        assertEquals(version4, member.confText());
    }

    @Test
    void theSameFileIsKeptAndSaidToBeTheSame() throws IOException {
        Files.writeString(member.conf, version4);

        Answer answer = receiver.answer(offer(version4, 4), 1, MEMBER_NODE);

        assertEquals(Answer.kept(ID, 4, true), answer);
        assertEquals(List.of("corosync.conf"), member.files());
    }

    @Test
    void aNewerOwnFileIsKept() throws IOException {
        Files.writeString(member.conf, version4);
        member.ok("delnode pve4");
        byte[] own = Files.readAllBytes(member.conf);

        Answer answer = receiver.answer(offer(version4, 4), 1, MEMBER_NODE);

        assertEquals(Answer.kept(ID, 5, false), answer);
        assertArrayEquals(own, Files.readAllBytes(member.conf));
    }

    @Test
    void anEqualVersionOfAnotherContentIsKeptAndSaidToDiffer() throws IOException {
        Files.writeString(member.conf, ClusterHost.golden("addnode.conf"));
        member.ok("addnode pve5 --link0 192.0.2.15");

        Answer answer = receiver.answer(offer(version4, 4), 1, MEMBER_NODE);

        assertEquals(Answer.kept(ID, 4, false), answer);
        assertTrue(member.confText().contains("name: pve5"));
    }

    @Test
    void aDamagedFileIsRefused() throws IOException {
        Offer sound = offer(version4, 4);
        byte[] damaged = sound.file().clone();
        damaged[10] ^= 1;

        assertRefused(new Offer(ID, 4, damaged, sound.sha256()), MEMBER_NODE,
                "the file arrived damaged: its SHA-256 is not the one sent");
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() throws IOException {
        assertRefused(Offer.of(ID, 4, new byte[] {'t', 'o', (byte) 0xff}), MEMBER_NODE, "the file is not UTF-8 text");
    }

    @Test
    void aFileTheParserRejectsIsRefusedWithItsMessage() throws IOException {
        assertRefused(offer("totem {\n\tconfig_version: 4\n\tthis is not corosync\n}\n", 4), MEMBER_NODE,
                "the offered file:3: expected \"key: value\", \"name {\" or \"}\", got \"this is not corosync\"");
        assertRefused(offer("logging {\n}\n", 4), MEMBER_NODE,
                "the offered file: no totem block: this is not a corosync.conf");
    }

    @Test
    void aVersionOtherThanTheOfferedOneIsRefused() throws IOException {
        assertRefused(offer(version4, 9), MEMBER_NODE, "the file has config_version 4 but was offered as 9");
    }

    @Test
    void aFileWithoutThisNodeIsRefused() throws IOException {
        assertRefused(offer(version4, 4), 7, "this node (id 7) is not in the file's nodelist: it was removed from the"
                + " cluster, so stop corosync here rather than run with that file");
    }

    @Test
    void anotherClustersFileIsRefused() throws IOException {
        assertRefused(offer(version4.replace("cluster_name: demo", "cluster_name: other"), 4), MEMBER_NODE,
                "the file is for cluster other, this node's " + member.conf + " for cluster demo");
    }

    @Test
    void anOwnFileThatCannotBeReadIsNotOverwritten() throws IOException {
        Files.writeString(member.conf, "totem {\n\tcluster_name: demo\n}\n");

        assertRefused(offer(version4, 4), MEMBER_NODE, "this node's file cannot be read, so it is not known to be"
                + " older (" + member.conf + ": totem has no config_version, so other nodes could not tell a newer file"
                + " from an older one; add \"config_version: 1\" to totem); fix or remove it");
    }

    @Test
    void aFailedWriteLeavesTheOwnFileAndSaysWhy() throws IOException {
        Files.writeString(member.conf, ClusterHost.golden("addnode.conf"));
        Files.writeString(member.backups, "a file where the backup directory should be");

        Answer answer = receiver.answer(offer(version4, 4), 1, MEMBER_NODE);

        assertEquals(Answer.Outcome.FAILED, answer.outcome());
        assertTrue(answer.reason().startsWith("cannot write " + member.conf + ": java.nio.file.FileAlreadyExistsException"),
                answer.reason());
        assertEquals(ClusterHost.golden("addnode.conf"), member.confText());
    }

    private void assertRefused(Offer offer, long myNode, String reason) throws IOException {
        if (!Files.exists(member.conf)) {
            Files.writeString(member.conf, ClusterHost.golden("addnode.conf"));
        }
        byte[] before = Files.readAllBytes(member.conf);

        Answer answer = receiver.answer(offer, 1, myNode);

        assertEquals(Answer.refused(ID, reason), answer);
        assertArrayEquals(before, Files.readAllBytes(member.conf));
        assertEquals(List.of("corosync.conf"), member.files());
    }

    private List<Path> backups() throws IOException {
        try (var files = Files.list(member.backups)) {
            return files.toList();
        }
    }

    private static Offer offer(String text, long version) {
        return Offer.of(ID, version, text.getBytes(StandardCharsets.UTF_8));
    }
}
