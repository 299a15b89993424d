package org.jfenced.libvirt;

import java.util.concurrent.atomic.AtomicBoolean;
import org.libvirt.Connect;

/**
 * The use of one pool connection for the duration of some calls. While any lease is open the
 * connection is not closed, even if it is replaced meanwhile. Use it inside
 * {@link LibvirtConnectionPool#submit} work, close it promptly, and free every {@code Domain} obtained
 * through it before closing it; never keep the {@link Connect} past {@link #close()}.
 */
public final class Lease implements AutoCloseable {

    private final ConnectionSlot slot;
    private final PooledConnection connection;
    private final AtomicBoolean closed = new AtomicBoolean();

    Lease(ConnectionSlot slot, PooledConnection connection) {
        this.slot = slot;
        this.connection = connection;
    }

    public Connect connect() {
        if (closed.get()) {
            throw new IllegalStateException("lease of " + uri() + " already closed");
        }
        return connection.connect();
    }

    public String uri() {
        return slot.uri();
    }

    /** The URI's position in the pool's list. */
    public int index() {
        return slot.index();
    }

    /**
     * Gives the connection back. A call that failed may have been the first to see the daemon gone,
     * so liveness is checked here too; libvirt answers that without a round trip.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (!connection.isAlive()) {
            slot.lost(connection, "libvirt reports the connection dead");
        }
        connection.release();
    }
}
