package org.jfenced.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.IoErrors;

/** A parsed fence_virt.conf: the tree plugins read, and what they left unread. */
public final class FenceConfig {

    private final ConfigBlock root;

    private FenceConfig(ConfigBlock root) {
        this.root = root;
    }

    /**
     * Reads and parses {@code file}. It does not check the file's permissions: that is
     * {@link FilePermissions#requirePrivate}'s job, which the daemon runs before this.
     */
    public static FenceConfig load(Path file) throws ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + IoErrors.reason(e), e);
        }
        // fence_virtd reads bytes; UTF-8 keeps ASCII exact and VM names as the libvirt API spells them
        return parse(new String(bytes, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses {@code text}; {@code sourceName} is the file name error messages and warnings start with. */
    public static FenceConfig parse(String text, String sourceName) throws ConfigException {
        return new FenceConfig(ConfigParser.parse(text, sourceName));
    }

    /** A config with nothing in it yet, for {@code jfenced -c} to fill; the parser refuses an empty file. */
    public static FenceConfig empty(String sourceName) {
        return new FenceConfig(ConfigBlock.root(sourceName));
    }

    /** The top level of the file; its path is the empty string. */
    public ConfigBlock root() {
        return root;
    }

    /**
     * One warning per key and block no one has read so far, in line order, each starting with
     * {@code FILE:LINE:}. The daemon logs these once every plugin has read its part.
     */
    public List<String> unreadKeys() {
        return UnreadKeys.of(root);
    }

    /** The tree in fence_virtd's {@code sc_dump} layout; parsing it again gives the same tree. */
    public String dump() {
        return ConfigWriter.dump(root);
    }
}
