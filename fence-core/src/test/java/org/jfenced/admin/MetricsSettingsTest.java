package org.jfenced.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.jfenced.config.FenceConfig;
import org.jfenced.spi.ConfigException;
import org.junit.jupiter.api.Test;

class MetricsSettingsTest {

    private static MetricsSettings settings(String block) throws ConfigException {
        return MetricsSettings.from(FenceConfig.parse("fence_virtd { " + block + " }", "test.conf").root()
                .section("fence_virtd"));
    }

    @Test
    void withoutAPortThereIsNoEndpoint() throws Exception {
        assertEquals(Optional.empty(), settings("listener = \"tcp\";").endpoint());
    }

    @Test
    void aPortAloneListensOnLoopback() throws Exception {
        InetSocketAddress a = settings("metrics_port = \"9799\";").endpoint().orElseThrow();
        assertTrue(a.getAddress().isLoopbackAddress(), a.toString());
        assertEquals("127.0.0.1", a.getAddress().getHostAddress());
        assertEquals(9799, a.getPort());
    }

    @Test
    void anAddressIsTakenAsGiven() throws Exception {
        InetSocketAddress a = settings("metrics_port = \"9799\"; metrics_address = \"::1\";").endpoint().orElseThrow();
        assertEquals("0:0:0:0:0:0:0:1", a.getAddress().getHostAddress());
    }

    @Test
    void anAddressWithoutAPortIsAnErrorNotASilentlyMissingEndpoint() {
        ConfigException e = assertThrows(ConfigException.class, () -> settings("metrics_address = \"127.0.0.1\";"));
        assertTrue(e.getMessage().contains("metrics_port is not"), e.getMessage());
    }

    @Test
    void aPortOutOfRangeOrNotANumberIsAnError() {
        assertThrows(ConfigException.class, () -> settings("metrics_port = \"0\";"));
        assertThrows(ConfigException.class, () -> settings("metrics_port = \"65536\";"));
        ConfigException e = assertThrows(ConfigException.class, () -> settings("metrics_port = \"http\";"));
        assertTrue(e.getMessage().contains("metrics_port"), e.getMessage());
    }

    @Test
    void anAddressThatDoesNotResolveIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> settings("metrics_port = \"9799\"; metrics_address = \"no-such-host.invalid\";"));
        assertTrue(e.getMessage().contains("no-such-host.invalid"), e.getMessage());
    }
}
