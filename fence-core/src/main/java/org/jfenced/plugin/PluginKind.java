package org.jfenced.plugin;

import java.util.Locale;

/** The three kinds of factory a plugin can offer. */
public enum PluginKind {
    BACKEND,
    LISTENER,
    SERVICE;

    /** The word used in fence_virt.conf blocks and in {@code jfenced -l}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
