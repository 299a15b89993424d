package org.jfenced.service.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jfenced.nativelib.CorosyncException;
import org.jfenced.nativelib.cpg.CpgGroup;
import org.jfenced.nativelib.cpg.CpgListener;
import org.jfenced.nativelib.cpg.CpgMember;
import org.jfenced.nativelib.cpg.CpgMemberChange;
import org.jfenced.nativelib.cpg.CpgReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This daemon's member of the cluster services' CPG group. It multicasts offers and answers, hands every
 * other member's offer to one offer thread (writing and fsyncing a file must not hold up corosync's
 * dispatch, and one thread keeps offers in the group's order), and feeds answers and membership changes to
 * the offers this member waits on.
 */
final class ConfigGroup implements CpgListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigGroup.class);
    private static final Duration OFFER_THREAD_GRACE = Duration.ofSeconds(5);

    private final String name;
    private final OfferReceiver receiver;
    private final int pid = (int) ProcessHandle.current().pid();
    private final AtomicLong lastRequest = new AtomicLong();
    private final Map<OfferId, PendingOffer> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<CpgGroup> joined = new CompletableFuture<>();
    private final ExecutorService offerThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cluster-offers");
        t.setDaemon(true);
        return t;
    });
    /** The group as the dispatch thread last saw it. */
    private volatile List<CpgMember> members = List.of();

    private ConfigGroup(String name, OfferReceiver receiver) {
        this.name = name;
        this.receiver = receiver;
    }

    /** Joins {@code name} through the corosync of this process's network namespace. */
    static ConfigGroup join(String name, OfferReceiver receiver) throws CorosyncException {
        ConfigGroup g = new ConfigGroup(name, receiver);
        try {
            g.joined.complete(CpgGroup.join(name, g));
        } catch (CorosyncException | RuntimeException e) {
            g.joined.completeExceptionally(e);
            g.offerThread.shutdownNow();
            throw e;
        }
        return g;
    }

    long localNodeId() {
        return Integer.toUnsignedLong(group().localNodeId());
    }

    boolean isConnected() {
        return group().isConnected();
    }

    /**
     * Offers {@code file} (of {@code configVersion}) to every other member and waits, at most {@code timeout},
     * until each has answered or left.
     */
    PendingOffer.Settlement offer(long configVersion, byte[] file, Duration timeout) throws InterruptedException {
        CpgGroup group = group();
        OfferId id = new OfferId(group.localNodeId(), pid, lastRequest.incrementAndGet());
        PendingOffer offer = new PendingOffer();
        pending.put(id, offer);
        try {
            group.send(ConfigMessages.encode(Offer.of(id, configVersion, file)));
            return offer.await(timeout);
        } catch (CorosyncException e) {
            return new PendingOffer.Settlement(Optional.of("not sent: " + e.getMessage()), List.of());
        } finally {
            pending.remove(id);
        }
    }

    @Override
    public void onMessage(int nodeId, int senderPid, byte[] bytes) {
        CpgMember sender = new CpgMember(nodeId, senderPid);
        ConfigMessage message;
        try {
            message = ConfigMessages.decode(bytes);
        } catch (ConfigMessages.UnreadableMessage e) {
            LOG.warn("CPG group {}: dropped a message from {}: {}", name, sender, e.getMessage());
            return;
        }
        if (message instanceof Offer offer) {
            if (isSelf(sender)) {
                withPending(offer.id(), p -> p.delivered(members.stream().filter(m -> !isSelf(m)).toList()));
            } else {
                offerThread.execute(() -> answer(offer, sender));
            }
        } else if (message instanceof Answer answer) {
            withPending(answer.id(), p -> p.answered(sender, answer));
        }
    }

    @Override
    public void onMembership(List<CpgMember> now, List<CpgMemberChange> joinedNow, List<CpgMemberChange> left) {
        members = now;
        for (CpgMemberChange change : left) {
            String why = departure(change.reason());
            pending.values().forEach(p -> p.left(List.of(change.member()), why));
        }
    }

    private static String departure(CpgReason reason) {
        return switch (reason) {
            case NODEDOWN -> "its node left the cluster before it answered";
            case PROCDOWN -> "its jfenced stopped before it answered";
            default -> "it left the group before it answered";
        };
    }

    @Override
    public void onCorosyncLost(CorosyncException cause) {
        members = List.of();
        pending.values().forEach(p -> p.lost("this node lost its corosync (" + cause.getMessage() + ")"));
    }

    /**
     * Leaves the group, so no offer arrives any more, and lets an offer being written finish: the daemon must
     * not exit between writing a file and its backup rotation.
     */
    @Override
    public void close() {
        group().close();
        offerThread.shutdown();
        try {
            if (!offerThread.awaitTermination(OFFER_THREAD_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("CPG group {}: an offer was still being written at shutdown", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answer(Offer offer, CpgMember origin) {
        Answer answer = receiver.answer(offer, Integer.toUnsignedLong(origin.nodeId()), localNodeId());
        try {
            group().send(ConfigMessages.encode(answer));
        } catch (CorosyncException | RuntimeException e) {
            LOG.warn("CPG group {}: cannot answer the offer of {}: {}", name, origin, e.getMessage());
        }
    }

    private void withPending(OfferId id, Consumer<PendingOffer> event) {
        PendingOffer p = pending.get(id);
        if (p != null) {
            event.accept(p);
        }
    }

    /**
     * The group once joined. Only the offer thread and callers outside the dispatch thread use it: the offer
     * thread may wait here for a join still under way, which the dispatch thread itself must finish.
     */
    private CpgGroup group() {
        return joined.join();
    }

    private boolean isSelf(CpgMember m) {
        CpgGroup group = joined.getNow(null);
        return group != null && m.equals(group.self());
    }
}
