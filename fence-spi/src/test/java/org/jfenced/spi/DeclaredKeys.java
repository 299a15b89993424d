package org.jfenced.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that a plugin declares exactly the keys it reads ({@link PluginFactory#configKeys}), so that the
 * manual page generated from the declarations cannot drift from the code.
 */
public final class DeclaredKeys {

    private DeclaredKeys() {
    }

    /**
     * Fails unless every key {@code section} was asked for is declared by {@code factory} and every declared
     * key was asked for. Call it after {@code factory.create(section, …)} has run, whether or not it succeeded.
     */
    public static void assertReadAsDeclared(PluginFactory<?> factory, FakeConfigSection section) {
        List<ConfigKey> declared = factory.configKeys();
        Set<String> asked = section.askedKeys();
        Set<String> undeclared = new TreeSet<>();
        asked.stream().filter(k -> declared.stream().noneMatch(d -> d.matches(k))).forEach(undeclared::add);
        Set<String> unread = new TreeSet<>();
        declared.stream().filter(d -> asked.stream().noneMatch(d::matches)).map(ConfigKey::name).forEach(unread::add);
        assertEquals("", (undeclared.isEmpty() ? "" : factory.name() + " reads keys it does not declare in configKeys(): "
                + undeclared + "; ") + (unread.isEmpty() ? "" : factory.name() + " declares keys it never reads: " + unread));
    }
}
