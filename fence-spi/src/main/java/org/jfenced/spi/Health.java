package org.jfenced.spi;

import java.util.List;
import java.util.Objects;

/**
 * What a backend reports about itself.
 *
 * @param ok whether it can serve requests now (devstatus answers success only then)
 * @param summary one line for people
 * @param parts one entry per connection or peer, for the admin socket
 */
public record Health(boolean ok, String summary, List<Part> parts) {

    public Health {
        Objects.requireNonNull(summary, "summary");
        parts = List.copyOf(parts);
    }

    /**
     * One connection or peer.
     *
     * @param name what it is, such as a libvirt URI
     * @param up whether it works now
     * @param detail the last error, or empty
     * @param reconnects how often it was re-established since start
     */
    public record Part(String name, boolean up, String detail, long reconnects) {
        public Part {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
