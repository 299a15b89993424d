package org.jfenced.libvirt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jfenced.spi.VmInfo;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fence_virtd's host list: every domain, active or not, of every URI, sorted by name ignoring case.
 * fence_virtd overwrote earlier URIs' entries with later ones (leaving empty entries); here the lists
 * are concatenated. A URI that is down or fails to list is left out, and the log says so.
 */
final class HostLister {

    private static final Logger LOG = LoggerFactory.getLogger(HostLister.class);

    /** fence_virtd sorts with strcasecmp; the exact name breaks ties so the order is stable. */
    static final Comparator<VmInfo> BY_NAME = Comparator.comparing(VmInfo::name, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(VmInfo::name);

    private final LibvirtConnectionPool pool;

    HostLister(LibvirtConnectionPool pool) {
        this.pool = pool;
    }

    /** Run through {@link LibvirtConnectionPool#submit}. */
    List<VmInfo> list() {
        List<VmInfo> all = new ArrayList<>();
        for (int i = 0; i < pool.uris().size(); i++) {
            Optional<Lease> leased = pool.lease(i);
            if (leased.isEmpty()) {
                LOG.warn("host list: {} is down; its VMs are missing from the list", pool.uris().get(i));
                continue;
            }
            try (Lease lease = leased.get()) {
                all.addAll(listOne(lease));
            } catch (LibvirtException e) {
                LOG.warn("host list: listing {} failed ({}); its VMs are missing from the list", pool.uris().get(i), e.getMessage());
            }
        }
        all.sort(BY_NAME);
        return all;
    }

    private static List<VmInfo> listOne(Lease lease) throws LibvirtException {
        Domain[] domains = lease.connect().listAllDomains(0);
        List<VmInfo> vms = new ArrayList<>(domains.length);
        try {
            for (Domain d : domains) {
                describe(d, lease.uri()).ifPresent(vms::add);
            }
        } finally {
            for (Domain d : domains) {
                free(d);
            }
        }
        return vms;
    }

    /** A domain that vanishes between listing and reading it (a transient one destroyed) is skipped. */
    private static Optional<VmInfo> describe(Domain d, String uri) {
        try {
            return Optional.of(new VmInfo(d.getName(), d.getUUIDString(), DomainStates.stateOf(d)));
        } catch (LibvirtException e) {
            LOG.debug("host list: skipping a domain of {}: {}", uri, e.getMessage());
            return Optional.empty();
        }
    }

    private static void free(Domain d) {
        try {
            d.free();
        } catch (LibvirtException e) {
            LOG.debug("freeing domain handle: {}", e.getMessage());
        }
    }
}
