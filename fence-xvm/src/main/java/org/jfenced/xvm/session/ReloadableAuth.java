package org.jfenced.xvm.session;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigSection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fence_virt listener's part in a reload: its key and algorithms change while it serves (with the
 * old key's overlap, see {@link AuthSettings}); the keys that shape its sockets and limits need a
 * restart, and a reload that changes one of them is refused naming it.
 */
public final class ReloadableAuth {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadableAuth.class);

    private final AuthSettings auth;
    private final List<String> restartKeys;
    private volatile ConfigSection running;

    /**
     * @param running the listener's block as it started
     * @param restartKeys the keys of the block that only a restart can change
     */
    public ReloadableAuth(ConfigSection running, AuthSettings auth, List<String> restartKeys) {
        this.running = running;
        this.auth = auth;
        this.restartKeys = List.copyOf(restartKeys);
    }

    public AuthSettings auth() {
        return auth;
    }

    /**
     * Checks {@code next} and reads its key file (with the usual permission check); the change runs
     * later, when the whole reload was accepted.
     */
    public Runnable prepare(ConfigSection next, String listener) throws ConfigException {
        for (String key : restartKeys) {
            Optional<String> was = running.get(key).map(String::trim);
            Optional<String> now = next.get(key).map(String::trim);
            if (!Objects.equals(was, now)) {
                throw next.invalid(key, "changing it needs a restart (running with " + was.map(v -> '"' + v + '"')
                        .orElse("the default") + "); the running configuration stays in force");
            }
        }
        AuthSettings incoming = AuthSettings.from(next);
        return () -> {
            LOG.info("{}: reloaded: {}", listener, auth.reload(incoming));
            running = next;
        };
    }
}
