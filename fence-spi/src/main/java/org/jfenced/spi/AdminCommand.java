package org.jfenced.spi;

import java.util.List;

/**
 * A command of {@code jfencectl} that a plugin (or the daemon itself) offers through the admin socket.
 * {@code jfencectl NAME ARGS…} reaches {@link #run} with {@code ARGS}; jfencectl itself knows no command
 * in advance, so a plugin's commands appear in {@code jfencectl help} as soon as the plugin is loaded.
 *
 * <p>Register it with {@code context.admin().register(command)} from a factory's {@code create}.
 * {@link #run} is called on one of the daemon's few admin threads, never on a network event loop: it may
 * block, but everyone else's admin commands wait meanwhile, so it should finish or report
 * {@linkplain AdminSession#progress progress} regularly. Only root and members of
 * {@code fence_virtd/@admin_group} reach it: the socket's permission is the authority.
 */
public interface AdminCommand {

    /** The first word of the command line: lower-case letters, digits and {@code -}. */
    String name();

    /** The arguments it takes, for help, such as {@code addnode NAME [--link0 ADDRESS]}; empty when none. */
    default String usage() {
        return "";
    }

    /** One line for {@code jfencectl help}. */
    String summary();

    /**
     * Carries out the command. A usage error is {@link AdminReply#usage}; an exception is reported to
     * the client as a failure with its message, and logged.
     */
    AdminReply run(List<String> args, AdminSession session) throws Exception;
}
