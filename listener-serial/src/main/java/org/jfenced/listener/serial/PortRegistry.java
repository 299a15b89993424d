package org.jfenced.listener.serial;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jfenced.spi.RequestDispatcher;

/** The guest ports being served, by the UUID of the VM they belong to. */
final class PortRegistry implements AutoCloseable {

    private final RequestDispatcher dispatcher;
    private final Map<String, Map<Path, GuestPort>> byVm = new HashMap<>();

    PortRegistry(RequestDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** Serves exactly {@code paths} for VM {@code uuid}: new ones are opened, gone ones closed, kept ones left alone. */
    synchronized void set(String uuid, List<Path> paths) {
        Map<Path, GuestPort> old = byVm.getOrDefault(uuid, Map.of());
        Map<Path, GuestPort> now = new LinkedHashMap<>();
        for (Path p : paths) {
            GuestPort kept = old.get(p);
            now.put(p, kept != null ? kept : GuestPort.open(p, uuid, dispatcher));
        }
        old.forEach((p, port) -> {
            if (!now.containsKey(p)) {
                port.close();
            }
        });
        if (now.isEmpty()) {
            byVm.remove(uuid);
        } else {
            byVm.put(uuid, now);
        }
    }

    synchronized void remove(String uuid) {
        set(uuid, List.of());
    }

    /** Closes the ports of every VM not in {@code running}. */
    synchronized void retainOnly(Set<String> running) {
        for (String uuid : Set.copyOf(byVm.keySet())) {
            if (!running.contains(uuid)) {
                remove(uuid);
            }
        }
    }

    /** The ports served now, for logs and tests. */
    synchronized Map<String, List<Path>> ports() {
        Map<String, List<Path>> out = new HashMap<>();
        byVm.forEach((uuid, ports) -> out.put(uuid, List.copyOf(ports.keySet())));
        return out;
    }

    @Override
    public synchronized void close() {
        byVm.values().forEach(ports -> ports.values().forEach(GuestPort::close));
        byVm.clear();
    }
}
