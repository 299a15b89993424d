package org.jfenced.listener.tcp;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.Optional;
import org.jfenced.spi.WarningThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which TCP connections the listener keeps: up to {@code max_waiting} that are still sending their request
 * (the one silent longest makes room for a newcomer, see {@link WaitingConnections}), and up to
 * {@code max_connections} whose request has arrived and is being authenticated and served; a request
 * beyond that is closed unanswered. The session counts such a connection as dropped (disconnected) when
 * it closes. Used from the listener's event-loop thread only.
 */
final class ConnectionAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionAdmission.class);

    private final WaitingConnections<Channel> waiting;
    private final int maxWorking;
    private final WarningThrottle evictions = new WarningThrottle(Duration.ofMinutes(1));
    private final WarningThrottle refusals = new WarningThrottle(Duration.ofMinutes(1));
    private int working;

    ConnectionAdmission(int maxWaiting, int maxWorking) {
        this.waiting = new WaitingConnections<>(maxWaiting, Math.max(1, maxWaiting / 4));
        this.maxWorking = maxWorking;
    }

    /** A new connection from {@code source}; closes the one it displaces, if any. */
    void accepted(Channel channel, String source) {
        Optional<Channel> evicted = waiting.admit(channel, source);
        if (evicted.isEmpty()) {
            return;
        }
        evicted.get().close();
        evictions.warn(LOG, "{} connections have not sent their request yet; closed the one silent longest to let"
                + " one from {} in", waiting.size(), source);
    }

    void active(Channel channel) {
        waiting.active(channel);
    }

    /**
     * The connection's request has arrived.
     *
     * @return false when {@code max_connections} requests are in progress already: close it unanswered
     */
    boolean requestArrived(Channel channel) {
        waiting.remove(channel);
        if (working >= maxWorking) {
            refusals.warn(LOG, "{} requests in progress (max_connections); closed the request from {} unanswered",
                    maxWorking, channel.remoteAddress());
            return false;
        }
        working++;
        return true;
    }

    /** The connection closed, at whatever stage. */
    void closed(Channel channel, boolean working) {
        if (working) {
            this.working--;
        } else {
            waiting.remove(channel);
        }
    }

    int waiting() {
        return waiting.size();
    }

    int working() {
        return working;
    }
}
