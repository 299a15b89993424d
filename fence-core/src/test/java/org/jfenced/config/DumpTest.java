package org.jfenced.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.jfenced.spi.ConfigException;
import org.junit.jupiter.api.Test;

/** dump() writes fence_virtd's sc_dump layout, and what it writes parses back to the same tree. */
class DumpTest {

    @Test
    void upstreamFileDumpsLikeScDump() throws ConfigException {
        FenceConfig config = FenceConfig.load(TestConfigs.resource("upstream-fence_virt.conf"));

        assertEquals("""
                fence_virtd {
                \tlistener = "multicast";
                \tbackend = "libvirt";
                }

                listeners {
                \tmulticast {
                \t\tkey_file = "/etc/cluster/fence_xvm.key";
                \t\taddress = "225.0.0.12";
                \t\tinterface = "virbr0";
                \t}

                }

                backends {
                \tlibvirt {
                \t\turi = "qemu:///system";
                \t}

                }

                """, config.dump());
    }

    @Test
    void blocksComeBeforeValuesAndBlockValuesAreKept() throws ConfigException {
        FenceConfig config = TestConfigs.parse(
                "top = \"1\";",
                "x {",
                "\ta = \"1\";",
                "\tnode = \"hv1\" { b = \"2\"; }",
                "\tempty { }",
                "}");

        assertEquals("""
                x {
                \tnode = "hv1" {
                \t\tb = "2";
                \t}

                \tempty {
                \t}

                \ta = "1";
                }

                top = "1";
                """, config.dump());
    }

    @Test
    void bigConfigRoundTrips() throws ConfigException {
        FenceConfig original = FenceConfig.load(TestConfigs.resource("cluster-fence_virt.conf"));
        FenceConfig again = FenceConfig.parse(original.dump(), "dump");

        assertSameTree(original.root(), again.root());
        assertEquals(original.dump(), again.dump());
    }

    @Test
    void trickyValuesRoundTrip() throws ConfigException {
        FenceConfig original = TestConfigs.parse(
                "x = \"with # hash\" {",
                "\tmotd = \"two",
                "lines; { } = \";",
                "\ta = \"first\";",
                "\tA = \"second\";",
                "}",
                "x { }");
        FenceConfig again = FenceConfig.parse(original.dump(), "dump");

        assertSameTree(original.root(), again.root());
        assertEquals(Optional.of("second"), again.root().sections("x").get(0).get("a"),
                "file order is kept, so the last duplicate still wins");
        assertEquals(Optional.of("two\nlines; { } = "), again.root().sections("x").get(0).get("motd"));
    }

    /** Equal names, block values and values in the same order; lines may differ. */
    private static void assertSameTree(ConfigBlock expected, ConfigBlock actual) {
        String where = expected.path().isEmpty() ? "top level" : expected.path();
        assertEquals(expected.name, actual.name, where);
        assertEquals(expected.blockValue, actual.blockValue, where);
        assertEquals(expected.values.size(), actual.values.size(), where);
        for (int i = 0; i < expected.values.size(); i++) {
            assertEquals(expected.values.get(i).name, actual.values.get(i).name, where);
            assertEquals(expected.values.get(i).value, actual.values.get(i).value, where);
        }
        assertEquals(expected.blocks.size(), actual.blocks.size(), where);
        for (int i = 0; i < expected.blocks.size(); i++) {
            assertSameTree(expected.blocks.get(i), actual.blocks.get(i));
        }
    }
}
