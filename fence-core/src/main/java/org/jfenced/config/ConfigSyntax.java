package org.jfenced.config;

import org.jfenced.spi.ConfigException;

/** The one shape of every message about a broken file: {@code FILE:LINE: what is wrong}. */
final class ConfigSyntax {

    private ConfigSyntax() {
    }

    static ConfigException error(String source, int line, String message) {
        return new ConfigException(source + ':' + line + ": " + message);
    }
}
