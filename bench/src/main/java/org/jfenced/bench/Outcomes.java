package org.jfenced.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.jfenced.spi.FenceAction;

/**
 * What one client saw: latencies of answered requests per action, failed requests by kind, and replies
 * that were not what a correct daemon answers. Each client owns one; they are merged after the run.
 */
public final class Outcomes {

    private final Map<FenceAction, LatencySamples> latencies = new EnumMap<>(FenceAction.class);
    private final Map<String, Long> errors = new TreeMap<>();
    private final Map<String, String> firstErrorMessage = new TreeMap<>();
    private final Map<String, Long> unexpected = new TreeMap<>();

    /** An answered request; {@code expected} is the correct reply byte. */
    public void answered(FenceAction action, FenceTcpClient.Reply reply, int expected) {
        latencies.computeIfAbsent(action, a -> new LatencySamples()).add(reply.latencyNanos());
        if (reply.code() != expected) {
            unexpected.merge(action.name().toLowerCase(java.util.Locale.ROOT) + " -> " + reply.code(), 1L, Long::sum);
        }
    }

    /** A request that got no reply. */
    public void failed(IOException e) {
        String kind = kindOf(e);
        errors.merge(kind, 1L, Long::sum);
        firstErrorMessage.putIfAbsent(kind, String.valueOf(e.getMessage()));
    }

    static String kindOf(IOException e) {
        if (e instanceof ConnectException) {
            return "connect";
        }
        if (e instanceof SocketTimeoutException) {
            return "timeout";
        }
        if (e instanceof EOFException) {
            return "closed-early";
        }
        if (e instanceof FenceTcpClient.ProtocolException) {
            return "protocol";
        }
        return "io-" + e.getClass().getSimpleName();
    }

    public void addAll(Outcomes other) {
        other.latencies.forEach((a, s) -> latencies.computeIfAbsent(a, x -> new LatencySamples()).addAll(s));
        other.errors.forEach((k, n) -> errors.merge(k, n, Long::sum));
        other.firstErrorMessage.forEach(firstErrorMessage::putIfAbsent);
        other.unexpected.forEach((k, n) -> unexpected.merge(k, n, Long::sum));
    }

    public LatencySamples all() {
        LatencySamples all = new LatencySamples();
        latencies.values().forEach(all::addAll);
        return all;
    }

    public Map<FenceAction, LatencySamples> byAction() {
        return latencies;
    }

    public Map<String, Long> errors() {
        return errors;
    }

    public Map<String, String> firstErrorMessages() {
        return firstErrorMessage;
    }

    public Map<String, Long> unexpected() {
        return unexpected;
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    public long unexpectedCount() {
        return unexpected.values().stream().mapToLong(Long::longValue).sum();
    }
}
