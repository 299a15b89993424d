package org.jfenced.man;

import java.util.Comparator;
import java.util.List;
import org.jfenced.spi.ConfigKey;
import org.jfenced.spi.PluginFactory;

/** The keys of configuration blocks, as the plugins and the daemon declare them. */
final class KeysSection {

    private KeysSection() {
    }

    /** One subsection per plugin, sorted by name: {@code kind { name { … } }} and its keys. */
    static String plugins(String kind, List<? extends PluginFactory<?>> factories) {
        StringBuilder out = new StringBuilder();
        factories.stream().sorted(Comparator.comparing(PluginFactory::name)).forEach(f -> {
            out.append(".SS \"").append(kind).append(" { ").append(Roff.text(f.name())).append(" { ... } }\"\n");
            out.append(f.configKeys().isEmpty() ? "This plugin has no keys.\n" : keys(f.configKeys()));
        });
        return out.toString();
    }

    /** Each key with its description and default. */
    static String keys(List<ConfigKey> keys) {
        StringBuilder out = new StringBuilder();
        for (ConfigKey key : keys) {
            String body = Roff.text(key.description());
            if (!key.defaultValue().isEmpty()) {
                body += "\nDefault: " + Roff.text(key.defaultValue()) + ".";
            }
            out.append(Roff.tagged(Roff.name(key.name()), "", body));
        }
        return out.toString();
    }
}
