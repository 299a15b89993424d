package org.jfenced.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigSection;
import org.junit.jupiter.api.Test;

/** Lookups through the plugin SPI, and the messages plugins raise about values. */
class ConfigSectionTest {

    private static FenceConfig listeners() throws ConfigException {
        return TestConfigs.parse(
                "fence_virtd {",                    // 1
                "\tlistener = \"tcp\";",            // 2
                "}",                                // 3
                "",                                 // 4
                "listeners {",                      // 5
                "\ttcp {",                          // 6
                "\t\tport = \"1229\";",             // 7
                "\t\tfamily = \"ipv4\";",           // 8
                "\t\tport = \"abc\";",              // 9
                "\t}",                              // 10
                "}");                               // 11
    }

    @Test
    void aMissingBlockIsEmptyAndKnowsWhereItWouldBe() throws ConfigException {
        ConfigSection vsock = listeners().root().section("listeners").section("vsock");

        assertFalse(vsock.exists());
        assertEquals("listeners/vsock", vsock.path());
        assertEquals("test.conf", vsock.source());
        assertEquals(Optional.empty(), vsock.get("port"));
        assertEquals("1229", vsock.get("port", "1229"));
        assertEquals(List.of(), vsock.getAll("port"));
        assertEquals(List.of(), vsock.sections("x"));
        assertEquals("listeners/vsock/deeper", vsock.section("deeper").path());
        assertFalse(vsock.section("deeper").exists());
    }

    @Test
    void invalidNamesTheLineOfTheLastOccurrence() throws ConfigException {
        ConfigSection tcp = listeners().root().section("listeners").section("tcp");

        assertEquals("test.conf:9: listeners/tcp/@port: expected a number from 1 to 65535, got \"abc\"",
                tcp.invalid("port", "expected a number from 1 to 65535, got \"abc\"").getMessage());
    }

    @Test
    void theSpiNumberCheckUsesThatMessage() throws ConfigException {
        ConfigSection tcp = listeners().root().section("listeners").section("tcp");

        ConfigException e = assertThrows(ConfigException.class, () -> tcp.getLong("port", 1229, 1, 65535));
        assertEquals("test.conf:9: listeners/tcp/@port: expected a whole number, got \"abc\"", e.getMessage());
    }

    @Test
    void theSpiChoiceCheckUsesThatMessage() throws ConfigException {
        ConfigSection tcp = listeners().root().section("listeners").section("tcp");

        assertEquals("ipv4", tcp.getChoice("family", "ipv4", "ipv4", "ipv6"));
        ConfigException e = assertThrows(ConfigException.class, () -> tcp.getChoice("port", "x", "a", "b"));
        assertEquals("test.conf:9: listeners/tcp/@port: expected one of a, b, got \"abc\"", e.getMessage());
    }

    @Test
    void invalidAboutAnAbsentKeyNamesTheLineOfItsBlock() throws ConfigException {
        ConfigSection tcp = listeners().root().section("listeners").section("tcp");

        assertEquals("test.conf:6: listeners/tcp/@key_file: is required",
                tcp.invalid("key_file", "is required").getMessage());
    }

    @Test
    void invalidInAMissingBlockNamesTheFileAlone() throws ConfigException {
        ConfigSection vsock = listeners().root().section("listeners").section("vsock");

        assertEquals("test.conf: listeners/vsock/@port: is required", vsock.invalid("port", "is required").getMessage());
    }

    @Test
    void invalidAtTheTopLevel() throws ConfigException {
        FenceConfig config = TestConfigs.parse("x { }", "debug = \"loud\";");

        assertEquals("test.conf:2: @debug: not a number", config.root().invalid("debug", "not a number").getMessage());
        assertEquals("test.conf: @other: missing", config.root().invalid("other", "missing").getMessage());
    }

    @Test
    void messagesSpellNamesAsTheFileDoes() throws ConfigException {
        FenceConfig config = TestConfigs.parse("Listeners {", "\tTCP {", "\t\tPort = \"x\";", "\t}", "}");

        ConfigSection tcp = config.root().section("listeners").section("tcp");
        assertEquals("Listeners/TCP", tcp.path());
        assertEquals("test.conf:3: Listeners/TCP/@Port: bad", tcp.invalid("port", "bad").getMessage());
    }

    @Test
    void returnedListsCannotBeChanged() throws ConfigException {
        ConfigSection tcp = listeners().root().section("listeners").section("tcp");

        assertThrows(UnsupportedOperationException.class, () -> tcp.getAll("port").add("1"));
        assertThrows(UnsupportedOperationException.class, () -> listeners().root().sections("listeners").clear());
    }
}
