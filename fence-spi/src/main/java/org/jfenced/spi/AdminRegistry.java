package org.jfenced.spi;

/** Where plugins offer commands for {@code jfencectl}; see {@link AdminCommand}. */
@FunctionalInterface
public interface AdminRegistry {

    /**
     * Adds a command.
     *
     * @throws IllegalArgumentException when a command of that name exists already (the daemon's own
     *     commands come first) or the name is not a lower-case word
     */
    void register(AdminCommand command);
}
