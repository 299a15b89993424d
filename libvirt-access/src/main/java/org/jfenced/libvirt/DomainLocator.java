package org.jfenced.libvirt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jfenced.spi.VmInfo;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * Finds a domain the way fence_virtd does: a canonical UUID ({@link VmInfo#isUuid}) is looked up as a UUID, anything else as a
 * (case-sensitive) name, on each URI in configuration order; the first URI that knows it wins.
 *
 * <p>Unlike fence_virtd, which blocks until every URI is reachable, a URI that is down is skipped. A
 * later URI may then answer; but "no such domain" is claimed only when every URI answered, since a VM on
 * the unreachable host may well exist (and status would otherwise call it off).
 */
public final class DomainLocator {

    private DomainLocator() {
    }

    /** Looks {@code target} up; call from work run by {@link LibvirtConnectionPool#submit}. */
    public static LocatedDomain locate(LibvirtConnectionPool pool, String target) {
        boolean byUuid = VmInfo.isUuid(target);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < pool.uris().size(); i++) {
            Optional<Lease> leased = pool.lease(i);
            if (leased.isEmpty()) {
                problems.add(pool.uris().get(i) + " is down");
                continue;
            }
            Lease lease = leased.get();
            try {
                Domain domain = lookup(lease.connect(), target, byUuid);
                return LocatedDomain.found(domain, lease);
            } catch (LibvirtException e) {
                lease.close();
                if (!LibvirtErrors.isNoDomain(e)) {
                    problems.add(lease.uri() + ": " + e.getMessage());
                }
            }
        }
        return problems.isEmpty() ? LocatedDomain.missing() : LocatedDomain.unreachable(String.join("; ", problems));
    }

    private static Domain lookup(Connect connect, String target, boolean byUuid) throws LibvirtException {
        return byUuid ? connect.domainLookupByUUIDString(target) : connect.domainLookupByName(target);
    }
}
