package org.jfenced.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jfenced.spi.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the file itself: failures name the path and the reason; messages name the path given. */
class LoadTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFileIsNamedWithTheReason() {
        Path missing = dir.resolve("fence_virt.conf");

        ConfigException e = assertThrows(ConfigException.class, () -> FenceConfig.load(missing));
        assertEquals("cannot read configuration file " + missing + ": no such file", e.getMessage());
    }

    @Test
    void aDirectoryCannotBeRead() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("fence_virt.conf"));

        ConfigException e = assertThrows(ConfigException.class, () -> FenceConfig.load(sub));
        assertEquals("cannot read configuration file " + sub + ": Is a directory", e.getMessage());
    }

    @Test
    void errorsAndWarningsStartWithThePathAsGiven() throws IOException, ConfigException {
        Path file = Files.writeString(dir.resolve("fence_virt.conf"), "a {\n\tb = \"1\"\n}\n");

        ConfigException e = assertThrows(ConfigException.class, () -> FenceConfig.load(file));
        assertEquals(file + ":3: expected ';' after value of key \"b\", found '}'", e.getMessage());

        Files.writeString(file, "a {\n\tb = \"1\";\n}\n");
        assertEquals(List.of(file + ":1: unused block a ignored"), FenceConfig.load(file).unreadKeys());
    }

    @Test
    void utf8ValuesAreDecoded() throws IOException, ConfigException {
        Path file = Files.write(dir.resolve("fence_virt.conf"),
                "groups { group { uuid = \"vm-ü\"; } }\n".getBytes(StandardCharsets.UTF_8));

        assertEquals(Optional.of("vm-ü"),
                FenceConfig.load(file).root().section("groups").section("group").get("uuid"));
    }
}
