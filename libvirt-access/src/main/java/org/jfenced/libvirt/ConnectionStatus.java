package org.jfenced.libvirt;

import java.util.Objects;

/**
 * The state of one pool URI.
 *
 * @param uri the URI as configured
 * @param up whether a live connection is open now
 * @param lastError why it is down, or why it last went down; empty when it never failed
 * @param reconnects how often the connection was re-established after the first open
 */
public record ConnectionStatus(String uri, boolean up, String lastError, long reconnects) {

    public ConnectionStatus {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(lastError, "lastError");
    }
}
