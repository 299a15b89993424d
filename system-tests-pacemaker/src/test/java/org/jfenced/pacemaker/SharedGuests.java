package org.jfenced.pacemaker;

import java.security.SecureRandom;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands every test class the same guest cluster: forming one takes half a minute on this machine, so the
 * tier starts it once and stops it after the last class (JUnit closes what the root store holds). Each
 * class configures the fencing it tests from scratch ({@link GuestCluster#resetConfiguration}).
 */
final class SharedGuests implements ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SharedGuests.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == GuestCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent("cluster", k -> new Held(start()), Held.class).cluster;
    }

    private static GuestCluster start() {
        byte[] key = new byte[4096];
        new SecureRandom().nextBytes(key);
        return GuestCluster.start(DockerRig.fromEnvironment(), key);
    }

    /** Closed by JUnit when the whole run ends. */
    private static final class Held implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final GuestCluster cluster;

        Held(GuestCluster cluster) {
            this.cluster = cluster;
        }

        @Override
        public void close() {
            cluster.close();
        }
    }
}
