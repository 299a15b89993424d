package org.jfenced.config;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.jfenced.spi.ConfigException;

/** Builds configurations for tests: inline text named "test.conf", or the files under resources/config. */
final class TestConfigs {

    static final String SOURCE = "test.conf";

    private TestConfigs() {
    }

    /** Parses the given lines joined with newlines, as if read from a file named {@value #SOURCE}. */
    static FenceConfig parse(String... lines) throws ConfigException {
        return FenceConfig.parse(String.join("\n", lines) + "\n", SOURCE);
    }

    static Path resource(String name) {
        try {
            return Path.of(TestConfigs.class.getResource("/config/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
