package org.jfenced.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigSection;
import org.junit.jupiter.api.Test;

/** What fence_virtd's grammar accepts, and what it means. */
class GrammarTest {

    @Test
    void commentsMayStandWhereverBlanksMay() throws ConfigException {
        FenceConfig config = TestConfigs.parse(
                "# leading comment",
                "fence_virtd # after the block name",
                "{ # after the brace",
                "\tlistener # between name and '='",
                "\t= # between '=' and value",
                "\t\"tcp\" # between value and ';'",
                "\t; # after the ';'",
                "\tbackend = \"libvirt\"; # the usual place",
                "} # after the closing brace",
                "# trailing comment without newline at the end");

        ConfigSection daemon = config.root().section("fence_virtd");
        assertEquals(Optional.of("tcp"), daemon.get("listener"));
        assertEquals(Optional.of("libvirt"), daemon.get("backend"));
    }

    @Test
    void aHashInsideAValueOrInsideANameIsNoComment() throws ConfigException {
        FenceConfig config = TestConfigs.parse(
                "x {",
                "\turi = \"qemu+ssh://hv1/system?keyfile=/root/#1\";",
                "\tkey#2 = \"v\";",
                "}");

        ConfigSection x = config.root().section("x");
        assertEquals(Optional.of("qemu+ssh://hv1/system?keyfile=/root/#1"), x.get("uri"));
        assertEquals(Optional.of("v"), x.get("key#2"));
    }

    @Test
    void aQuotedValueMaySpanLinesAndKeepsItsNewlinesAndBlanks() throws ConfigException {
        FenceConfig config = TestConfigs.parse(
                "x {",
                "\tmotd = \"  first line",
                "second line",
                "  third \";",
                "\tport = \"abc\";",
                "}");

        ConfigSection x = config.root().section("x");
        assertEquals(Optional.of("  first line\nsecond line\n  third "), x.get("motd"));
        assertEquals("test.conf:5: x/@port: not a port", x.invalid("port", "not a port").getMessage());
    }

    @Test
    void blanksAreOptionalBetweenTokens() throws ConfigException {
        FenceConfig config = FenceConfig.parse("a{b=\"1\";c{d=\"2\";}e=\"3\"{}}", "test.conf");

        ConfigSection a = config.root().section("a");
        assertEquals(Optional.of("1"), a.get("b"));
        assertEquals(Optional.of("2"), a.section("c").get("d"));
        assertTrue(a.section("e").exists());
    }

    @Test
    void namesAreCaseInsensitiveValuesAreNot() throws ConfigException {
        FenceConfig config = TestConfigs.parse(
                "Fence_VirtD {",
                "\tLISTENER = \"Multicast\";",
                "}");

        assertEquals(Optional.of("Multicast"), config.root().section("fence_virtd").get("listener"));
        assertEquals(Optional.of("Multicast"), config.root().section("FENCE_VIRTD").get("Listener"));
    }

    @Test
    void theLastOfRepeatedKeysWinsAndGetAllKeepsFileOrder() throws ConfigException {
        FenceConfig config = TestConfigs.parse(
                "fence_virtd {",
                "\tbackend = \"libvirt\";",
                "\tBackend = \"cpg\";",
                "\tlistener = \"multicast\";",
                "\tBACKEND = \"null\";",
                "}");

        ConfigSection daemon = config.root().section("fence_virtd");
        assertEquals(Optional.of("null"), daemon.get("backend"));
        assertEquals(List.of("libvirt", "cpg", "null"), daemon.getAll("backend"));
    }

    @Test
    void ofRepeatedBlocksTheLastOneIsUsedAndHidesKeysOnlyTheFirstHas() throws ConfigException {
        FenceConfig config = TestConfigs.parse(
                "listeners {",
                "\ttcp {",
                "\t\tport = \"1000\";",
                "\t\taddress = \"10.0.0.1\";",
                "\t}",
                "\ttcp {",
                "\t\tport = \"2000\";",
                "\t}",
                "}");

        ConfigSection listeners = config.root().section("listeners");
        ConfigSection tcp = listeners.section("tcp");
        assertEquals(Optional.of("2000"), tcp.get("port"));
        assertEquals(Optional.empty(), tcp.get("address"), "fence_virtd descends into the later block only");

        List<ConfigSection> all = listeners.sections("tcp");
        assertEquals(2, all.size());
        assertEquals(Optional.of("10.0.0.1"), all.get(0).get("address"));
        assertEquals(Optional.of("2000"), all.get(1).get("port"));
    }

    @Test
    void aBlockMayCarryAValueOfItsOwn() throws ConfigException {
        FenceConfig config = TestConfigs.parse(
                "nodes {",
                "\tnode = \"hv1\" {",
                "\t\taddress = \"10.0.0.1\";",
                "\t}",
                "\tnode = \"hv2\" { }",
                "\tnode {",
                "\t}",
                "}");

        ConfigBlock nodes = config.root().section("nodes");
        ConfigBlock last = nodes.section("node");
        assertTrue(last.exists());
        assertEquals(Optional.empty(), last.value(), "the plain block is the last one");

        List<ConfigSection> all = nodes.sections("node");
        assertEquals(3, all.size());
        assertEquals(Optional.of("hv1"), ((ConfigBlock) all.get(0)).value());
        assertEquals(Optional.of("10.0.0.1"), all.get(0).get("address"));
        assertEquals(Optional.of("hv2"), ((ConfigBlock) all.get(1)).value());
        assertEquals("nodes/node", all.get(0).path());
    }

    @Test
    void theValueOfABlockIsNotOneOfItsKeys() throws ConfigException {
        FenceConfig config = TestConfigs.parse(
                "node = \"hv1\" {",
                "\t@value = \"a key that happens to be called @value\";",
                "}");

        ConfigBlock node = config.root().section("node");
        assertEquals(Optional.of("hv1"), node.value());
        assertEquals(Optional.of("a key that happens to be called @value"), node.get("@value"));
        assertEquals(Optional.empty(), node.get("value"));
    }

    @Test
    void anEmptyBlockIsFineAndExists() throws ConfigException {
        FenceConfig config = TestConfigs.parse("groups {", "}");

        assertTrue(config.root().section("groups").exists());
        assertEquals(List.of(), config.root().section("groups").sections("group"));
    }

    @Test
    void namesMayHoldAnyCharacterButBlanksBracesSemicolonsEqualsAndQuotes() throws ConfigException {
        FenceConfig config = TestConfigs.parse(
                "x/y[1]@z.-: {",
                "\tk!$%&'()*+,<>?[]^`|~ = \"v\";",
                "}");

        assertEquals(Optional.of("v"), config.root().section("x/y[1]@z.-:").get("k!$%&'()*+,<>?[]^`|~"));
    }

    @Test
    void aFileWithWindowsLineEndsParses() throws ConfigException {
        FenceConfig config = FenceConfig.parse(
                "fence_virtd\r\n{\r\n\tlistener = \"tcp\";\r\n\tbackend = \"libvirt\";\r\n}\r\n", "test.conf");

        assertEquals(Optional.of("tcp"), config.root().section("fence_virtd").get("listener"));
        assertEquals("test.conf:4: fence_virtd/@backend: x",
                config.root().section("fence_virtd").invalid("backend", "x").getMessage());
    }

    @Test
    void keysMayStandAtTheTopLevel() throws ConfigException {
        FenceConfig config = TestConfigs.parse("debug = \"1\";");

        assertEquals(Optional.of("1"), config.root().get("debug"));
        assertEquals("", config.root().path());
        assertFalse(config.root().section("fence_virtd").exists());
    }
}
