package org.jfenced.service.backup;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jfenced.libvirt.DomainLifecycleEvent;
import org.jfenced.libvirt.LibvirtConnectionPool;
import org.jfenced.libvirt.Subscription;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceService;
import org.jfenced.spi.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Service {@code backup}: backs up and restores the VMs of backend libvirt through its connection
 * pool, and gives way to fencing. It learns of a fence two ways: the daemon tells it before carrying
 * out an off, on or reboot ({@link #beforePowerAction}), and libvirt reports a VM stopped that the
 * backup did not stop (a fence that reached libvirt another way). Either way the backup of that VM
 * aborts at its next chunk; the fence itself never waits for anything here.
 */
final class BackupService implements FenceService {

    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);

    /** A job sees the cancel within one chunk; putting a VM back is one or two libvirt calls. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final BackupSettings settings;
    private final LibvirtConnectionPool pool;
    private final Hypervisor hypervisor;
    private final VmLocks locks = new VmLocks();
    private Subscription events;

    BackupService(BackupSettings settings, LibvirtConnectionPool pool) {
        this.settings = settings;
        this.pool = pool;
        this.hypervisor = new Hypervisor(pool);
    }

    @Override
    public void start() {
        events = pool.subscribe(this::onDomainEvent);
        LOG.info("backup service: storage {}, compress {}, retention {}, bwlimit {}", settings.storage(),
                settings.compression().word(), settings.retention(),
                settings.bwlimit() == 0 ? "none" : Sizes.bytes(settings.bwlimit()) + "/s");
    }

    BackupSettings settings() {
        return settings;
    }

    Hypervisor hypervisor() {
        return hypervisor;
    }

    VmLocks locks() {
        return locks;
    }

    /** Called on the fence's own thread: only marks the backup, never waits. */
    void beforePowerAction(FenceRequest request) {
        locks.find(request.target()).ifPresent(b -> {
            b.fenced(request.action());
            LOG.warn("backup of VM {}: aborting, {} gets fenced ({})", b.vm, request.target(), request);
        });
    }

    private void onDomainEvent(DomainLifecycleEvent event) {
        switch (event.kind()) {
            case STOPPED -> locks.find(event.uuid()).ifPresent(ActiveBackup::stoppedByLibvirt);
            case STARTED -> locks.find(event.uuid()).ifPresent(ActiveBackup::startedByLibvirt);
            default -> {
            }
        }
    }

    @Override
    public Optional<ServiceStatus> status() {
        List<ActiveBackup> active = List.copyOf(locks.active());
        if (active.isEmpty()) {
            return Optional.empty();
        }
        String text = "backups in progress:\n" + active.stream().map(b -> "  " + b.line())
                .collect(Collectors.joining("\n"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("running", active.stream().map(ActiveBackup::data).toList());
        return Optional.of(new ServiceStatus(text, data));
    }

    /**
     * Aborts the backups in progress and gives their jobs a moment to clean up and put the VMs back,
     * which needs the backend's connections: the daemon closes the backend right after its services.
     */
    @Override
    public void close() {
        if (events != null) {
            events.close();
        }
        locks.active().forEach(b -> b.cancel("the daemon stopping"));
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        while (!locks.active().isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        locks.active().forEach(b -> LOG.warn("backup of VM {} still {} at shutdown; check the VM's state", b.vm,
                b.phase()));
    }
}
