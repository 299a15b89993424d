package org.jfenced.listener.serial;

import java.time.Duration;
import java.util.List;
import org.jfenced.libvirt.LibvirtConnectionPool;
import org.jfenced.libvirt.PoolSettings;
import org.jfenced.spi.FenceListener;
import org.jfenced.spi.RequestDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fence_virtd's serial listener: {@code fence_virt} inside a guest talks over a serial port or a
 * vmchannel that qemu binds to a UNIX socket on the host; this listener finds those sockets in the
 * running domains' XML through its own libvirt connection, connects to each and serves the 74-byte
 * requests without key or challenge — the port itself tells which VM asks. It works with any backend:
 * libvirt here only shows where the ports are.
 */
final class SerialListener implements FenceListener {

    private static final Logger LOG = LoggerFactory.getLogger(SerialListener.class);
    static final String NAME = "serial";

    private final String uri;
    private final PortFinder finder;
    private final PortMode mode;
    private final RequestDispatcher dispatcher;
    private LibvirtConnectionPool pool;
    private PortRegistry ports;
    private DomainWatcher watcher;

    SerialListener(String uri, PortMode mode, PortFinder finder, RequestDispatcher dispatcher) {
        this.uri = uri;
        this.mode = mode;
        this.finder = finder;
        this.dispatcher = dispatcher;
    }

    @Override
    public void start() throws InterruptedException {
        pool = new LibvirtConnectionPool(List.of(uri), PoolSettings.defaults().withKeepAlive(5, 5));
        ports = new PortRegistry(dispatcher);
        watcher = new DomainWatcher(pool, finder, ports);
        watcher.start();
        if (!pool.awaitFirstAttempts(Duration.ofSeconds(15)) || !pool.anyUp()) {
            LOG.warn("libvirt at {} is not reachable yet; guest ports are served once it is", endpoint());
        }
        LOG.info("listening on {}", endpoint());
    }

    @Override
    public String endpoint() {
        return "serial " + mode.name().toLowerCase() + " ports of " + (uri.isEmpty() ? "libvirt's default URI" : uri);
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        if (ports != null) {
            ports.close();
        }
        if (pool != null) {
            pool.close();
        }
    }
}
