package org.jfenced.spi;

import java.util.Objects;

/**
 * One key a plugin reads from its block, as the manual page jfenced.conf(5) lists it.
 *
 * @param name the key as written in fence_virt.conf; a name ending in {@code N} ({@code uriN}) stands for
 *     the numbered repetitions {@code uri1}, {@code uri2}, …
 * @param defaultValue what applies when the key is absent, in words when it depends on other keys; empty
 *     when the key is required or has no default
 * @param description what the key does, one or two sentences
 */
public record ConfigKey(String name, String defaultValue, String description) {

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(description, "description");
    }

    /** Whether {@code key}, as a plugin asks for it, is this key (for {@code uriN}: {@code uri1}, {@code uri2}, …). */
    public boolean matches(String key) {
        if (name.endsWith("N") && key.length() > name.length() - 1) {
            String stem = name.substring(0, name.length() - 1);
            return key.startsWith(stem) && key.substring(stem.length()).chars().allMatch(Character::isDigit);
        }
        return name.equalsIgnoreCase(key);
    }
}
