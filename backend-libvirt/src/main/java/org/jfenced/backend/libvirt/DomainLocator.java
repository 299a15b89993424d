package org.jfenced.backend.libvirt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * Finds a domain the way fence_virtd does: a canonical UUID is looked up as a UUID, anything else as a
 * (case-sensitive) name, on each URI in configuration order; the first URI that knows it wins.
 *
 * <p>Unlike fence_virtd, which blocks until every URI is reachable, a URI that is down is skipped. A
 * later URI may then answer; but "no such domain" is claimed only when every URI answered, since a VM on
 * the unreachable host may well exist (and status would otherwise call it off).
 */
public final class DomainLocator {

    private static final int UUID_LENGTH = 36;

    private DomainLocator() {
    }

    /**
     * fence_virtd's {@code is_uuid}: {@code uuid_parse} accepts the string and {@code uuid_unparse} gives
     * it back ignoring case, which holds exactly for 8-4-4-4-12 hex digits with dashes, in any case.
     * A UUID without dashes is therefore a name.
     */
    public static boolean isUuid(String target) {
        if (target.length() != UUID_LENGTH) {
            return false;
        }
        for (int i = 0; i < UUID_LENGTH; i++) {
            char c = target.charAt(i);
            boolean dashPosition = i == 8 || i == 13 || i == 18 || i == 23;
            if (dashPosition ? c != '-' : !isHexDigit(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Looks {@code target} up; call from work run by {@link LibvirtConnectionPool#submit}. */
    public static LocatedDomain locate(LibvirtConnectionPool pool, String target) {
        boolean byUuid = isUuid(target);
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
