package org.jfenced.spi;

import java.util.Objects;

/**
 * What {@code jfencectl status} shows for a service that is doing something, such as a backup in
 * progress.
 *
 * @param text lines for people, ending in a newline
 * @param data the same as JSON-shaped values (see {@link AdminReply#data()})
 */
public record ServiceStatus(String text, Object data) {

    public ServiceStatus {
        Objects.requireNonNull(text, "text");
        if (!text.isEmpty() && !text.endsWith("\n")) {
            text = text + "\n";
        }
    }
}
