package org.jfenced.libvirt;

import java.util.Objects;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome of {@link DomainLocator#locate}. When found it owns the {@link Domain} handle and the
 * lease of the connection it came from; closing it frees both.
 */
public final class LocatedDomain implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocatedDomain.class);

    public enum Outcome {
        /** A connection knows the domain. */
        FOUND,
        /** Every URI is up and none knows the domain. */
        MISSING,
        /** No connection that answered knows it, but at least one URI is down or failed the lookup. */
        UNREACHABLE
    }

    private final Outcome outcome;
    private final Domain domain;
    private final Lease lease;
    private final String problem;

    private LocatedDomain(Outcome outcome, Domain domain, Lease lease, String problem) {
        this.outcome = outcome;
        this.domain = domain;
        this.lease = lease;
        this.problem = problem;
    }

    static LocatedDomain found(Domain domain, Lease lease) {
        return new LocatedDomain(Outcome.FOUND, Objects.requireNonNull(domain), Objects.requireNonNull(lease), "");
    }

    static LocatedDomain missing() {
        return new LocatedDomain(Outcome.MISSING, null, null, "");
    }

    static LocatedDomain unreachable(String problem) {
        return new LocatedDomain(Outcome.UNREACHABLE, null, null, problem);
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The domain handle; valid until {@link #close()}. */
    public Domain domain() {
        requireFound();
        return domain;
    }

    /** The lease of the connection that found the domain. */
    public Lease lease() {
        requireFound();
        return lease;
    }

    /** For {@link Outcome#UNREACHABLE}: which URIs could not answer, and why. */
    public String problem() {
        return problem;
    }

    @Override
    public void close() {
        if (outcome != Outcome.FOUND) {
            return;
        }
        try {
            domain.free();
        } catch (LibvirtException e) {
            LOG.debug("freeing domain handle: {}", e.getMessage());
        } finally {
            lease.close();
        }
    }

    private void requireFound() {
        if (outcome != Outcome.FOUND) {
            throw new IllegalStateException("domain not found: " + outcome);
        }
    }
}
