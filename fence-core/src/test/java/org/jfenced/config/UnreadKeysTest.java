package org.jfenced.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigSection;
import org.junit.jupiter.api.Test;

/** Keys and blocks no plugin read are reported, each once, with the line to look at. */
class UnreadKeysTest {

    private static FenceConfig config() throws ConfigException {
        return TestConfigs.parse(
                "fence_virtd {",                            // 1
                "\tlistener = \"tcp\";",                    // 2
                "\tbackend = \"libvirt\";",                 // 3
                "\tbackend = \"cpg\";",                     // 4
                "}",                                        // 5
                "listeners {",                              // 6
                "\tmulticast {",                            // 7
                "\t\taddress = \"225.0.0.12\";",            // 8
                "\t}",                                      // 9
                "\ttcp {",                                  // 10
                "\t\tport = \"1229\";",                     // 11
                "\t\tfrobnicate = \"yes\";",                // 12
                "\t}",                                      // 13
                "}",                                        // 14
                "verbose = \"1\";");                        // 15
    }

    @Test
    void unknownKeysUnusedBlocksAndOverriddenDuplicatesAreReportedInLineOrder() throws ConfigException {
        FenceConfig config = config();
        ConfigSection daemon = config.root().section("fence_virtd");
        daemon.get("listener");
        daemon.get("backend");
        config.root().section("listeners").section("tcp").get("port");

        assertEquals(List.of(
                        "test.conf:3: key fence_virtd/@backend ignored: overridden at line 4",
                        "test.conf:7: unused block listeners/multicast ignored",
                        "test.conf:12: unknown key listeners/tcp/@frobnicate ignored",
                        "test.conf:15: unknown key @verbose ignored"),
                config.unreadKeys());
    }

    @Test
    void theContentsOfAnUnusedBlockAreNotListedOneByOne() throws ConfigException {
        FenceConfig config = config();

        assertEquals(List.of(
                        "test.conf:1: unused block fence_virtd ignored",
                        "test.conf:6: unused block listeners ignored",
                        "test.conf:15: unknown key @verbose ignored"),
                config.unreadKeys());
    }

    @Test
    void askingForABlockCountsAsReadingIt() throws ConfigException {
        FenceConfig config = config();
        config.root().section("listeners").sections("multicast");
        config.root().section("fence_virtd").exists();
        config.root().section("listeners").section("tcp");
        config.root().get("verbose");

        assertEquals(List.of(
                        "test.conf:2: unknown key fence_virtd/@listener ignored",
                        "test.conf:3: unknown key fence_virtd/@backend ignored",
                        "test.conf:4: unknown key fence_virtd/@backend ignored",
                        "test.conf:8: unknown key listeners/multicast/@address ignored",
                        "test.conf:11: unknown key listeners/tcp/@port ignored",
                        "test.conf:12: unknown key listeners/tcp/@frobnicate ignored"),
                config.unreadKeys());
    }

    @Test
    void getAllReadsEveryOccurrence() throws ConfigException {
        FenceConfig config = TestConfigs.parse("g {", "\tip = \"a\";", "\tip = \"b\";", "}");
        config.root().section("g").getAll("ip");

        assertEquals(List.of(), config.unreadKeys());
    }

    @Test
    void anEarlierBlockHiddenByALaterOneIsReportedAsOverridden() throws ConfigException {
        FenceConfig config = TestConfigs.parse(
                "listeners {",
                "\ttcp {",
                "\t\taddress = \"10.0.0.1\";",
                "\t}",
                "\ttcp {",
                "\t\tport = \"1229\";",
                "\t}",
                "}");
        ConfigSection tcp = config.root().section("listeners").section("tcp");
        tcp.get("address");
        tcp.get("port");

        assertEquals(List.of("test.conf:2: block listeners/tcp ignored: overridden by the block at line 5"),
                config.unreadKeys());
    }

    @Test
    void lookingForSomethingAbsentReadsNothing() throws ConfigException {
        FenceConfig config = TestConfigs.parse("x {", "\ta = \"1\";", "}");
        config.root().section("y").get("a");
        config.root().get("a");

        assertEquals(List.of("test.conf:1: unused block x ignored"), config.unreadKeys());
    }

    @Test
    void warningsNeverShowValues() throws ConfigException {
        FenceConfig config = TestConfigs.parse("secret = \"hunter2\";");

        assertEquals(List.of("test.conf:1: unknown key @secret ignored"), config.unreadKeys());
    }
}
