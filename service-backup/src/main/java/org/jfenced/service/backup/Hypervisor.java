package org.jfenced.service.backup;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jfenced.libvirt.DomainLocator;
import org.jfenced.libvirt.Lease;
import org.jfenced.libvirt.LibvirtConnectionPool;
import org.jfenced.libvirt.LocatedDomain;
import org.jfenced.spi.VmState;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * The libvirt calls of backup and restore, each one short call on the backend's pool, so that a
 * backup never holds a libvirt thread that a fence needs: waiting (for a shutdown, say) happens here,
 * between calls, never inside one.
 */
final class Hypervisor {

    /** Libvirt answers in milliseconds; this bounds a call stuck on a frozen libvirtd. */
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(30);

    /** What prepare reads. */
    record DomainFacts(String name, String uuid, VmState state, String xml, String driver) {
    }

    private final LibvirtConnectionPool pool;

    Hypervisor(LibvirtConnectionPool pool) {
        this.pool = pool;
    }

    /** Name, UUID, state and the persistent XML (what a restore should define) of {@code vm}. */
    DomainFacts facts(String vm) throws BackupFailed, InterruptedException {
        return onDomain(vm, d -> {
            int flags = d.isPersistent() == 1 ? Domain.XMLFlags.INACTIVE : 0;
            return new DomainFacts(d.getName(), d.getUUIDString(), state(d), d.getXMLDesc(flags),
                    d.getConnect().getType());
        });
    }

    VmState state(String uuid) throws BackupFailed, InterruptedException {
        return onDomain(uuid, Hypervisor::state);
    }

    /** Asks the guest to shut down (ACPI); returns at once. */
    void shutdown(String uuid) throws BackupFailed, InterruptedException {
        onDomain(uuid, d -> {
            d.shutdown();
            return null;
        });
    }

    void start(String uuid) throws BackupFailed, InterruptedException {
        onDomain(uuid, d -> {
            d.create();
            return null;
        });
    }

    void destroy(String uuid) throws BackupFailed, InterruptedException {
        onDomain(uuid, d -> {
            if (state(d) != VmState.SHUTOFF) {
                d.destroy();
            }
            return null;
        });
    }

    void suspend(String uuid) throws BackupFailed, InterruptedException {
        onDomain(uuid, d -> {
            d.suspend();
            return null;
        });
    }

    void resume(String uuid) throws BackupFailed, InterruptedException {
        onDomain(uuid, d -> {
            d.resume();
            return null;
        });
    }

    /** Whether a domain of that name is defined on any URI. */
    boolean exists(String name) throws BackupFailed, InterruptedException {
        return call(() -> {
            try (LocatedDomain located = DomainLocator.locate(pool, name)) {
                return located.outcome() == LocatedDomain.Outcome.FOUND;
            }
        });
    }

    /** Defines (persistently) the domain on the first URI that is up; returns its name. */
    String define(String xml) throws BackupFailed, InterruptedException {
        return call(() -> {
            for (int i = 0; i < pool.uris().size(); i++) {
                Optional<Lease> lease = pool.lease(i);
                if (lease.isPresent()) {
                    try (Lease l = lease.get()) {
                        Domain d = l.connect().domainDefineXML(xml);
                        try {
                            return d.getName();
                        } finally {
                            d.free();
                        }
                    }
                }
            }
            throw new IllegalStateException("no libvirt connection is up");
        });
    }

    private static VmState state(Domain d) throws LibvirtException {
        return VmState.fromCode(d.getInfo().state.ordinal());
    }

    private interface DomainCall<T> {
        T call(Domain d) throws LibvirtException;
    }

    private <T> T onDomain(String vm, DomainCall<T> work) throws BackupFailed, InterruptedException {
        return call(() -> {
            try (LocatedDomain located = DomainLocator.locate(pool, vm)) {
                switch (located.outcome()) {
                    case MISSING -> throw new IllegalStateException("no VM \"" + vm + "\" on any libvirt URI");
                    case UNREACHABLE -> throw new IllegalStateException("VM \"" + vm + "\" not found: "
                            + located.problem());
                    default -> {
                        return work.call(located.domain());
                    }
                }
            }
        });
    }

    private <T> T call(org.jfenced.libvirt.LibvirtCall<T> work) throws BackupFailed, InterruptedException {
        try {
            return pool.submit(work).get(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new BackupFailed(c.getMessage() == null ? c.toString() : c.getMessage(), c);
        } catch (TimeoutException e) {
            throw new BackupFailed("libvirt did not answer within " + CALL_DEADLINE.toSeconds() + " s");
        }
    }
}
