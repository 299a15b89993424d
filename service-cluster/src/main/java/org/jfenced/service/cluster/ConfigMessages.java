package org.jfenced.service.cluster;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.jfenced.service.cluster.wire.ClusterMessage;
import org.jfenced.service.cluster.wire.ConfigOffer;
import org.jfenced.service.cluster.wire.OfferAnswer;
import org.jfenced.service.cluster.wire.OfferKey;

/** {@link ConfigMessage}s to and from their protobuf form ({@code cluster_group.proto}). */
final class ConfigMessages {

    /** Raised only for changes old members would misread; see the proto file. */
    static final int PROTOCOL_VERSION = 1;

    private ConfigMessages() {
    }

    /** A message this member cannot use: malformed, or of a protocol version it does not speak. */
    static final class UnreadableMessage extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableMessage(String message) {
            super(message);
        }
    }

    static byte[] encode(ConfigMessage message) {
        ClusterMessage.Builder out = ClusterMessage.newBuilder().setVersion(PROTOCOL_VERSION);
        if (message instanceof Offer o) {
            out.setOffer(ConfigOffer.newBuilder().setKey(key(o.id())).setConfigVersion(o.configVersion())
                    .setFile(ByteString.copyFrom(o.file())).setSha256(ByteString.copyFrom(o.sha256())));
        } else if (message instanceof Answer a) {
            out.setAnswer(OfferAnswer.newBuilder().setKey(key(a.id()))
                    .setOutcome(OfferAnswer.Outcome.valueOf(a.outcome().name()))
                    .setConfigVersion(a.configVersion()).setReason(a.reason()).setBackup(a.backup())
                    .setIdentical(a.identical()));
        }
        return out.build().toByteArray();
    }

    static ConfigMessage decode(byte[] bytes) throws UnreadableMessage {
        ClusterMessage in;
        try {
            in = ClusterMessage.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new UnreadableMessage("not a cluster group message (" + bytes.length + " bytes): " + e.getMessage());
        }
        if (in.getVersion() != PROTOCOL_VERSION) {
            throw new UnreadableMessage("protocol version " + in.getVersion() + ", this member speaks " + PROTOCOL_VERSION);
        }
        switch (in.getBodyCase()) {
            case OFFER: {
                ConfigOffer o = in.getOffer();
                return new Offer(id(o.getKey()), o.getConfigVersion(), o.getFile().toByteArray(),
                        o.getSha256().toByteArray());
            }
            case ANSWER: {
                OfferAnswer a = in.getAnswer();
                return new Answer(id(a.getKey()), outcome(a.getOutcome()), a.getConfigVersion(), a.getReason(),
                        a.getBackup(), a.getIdentical());
            }
            default:
                throw new UnreadableMessage("a cluster group message without a body");
        }
    }

    private static Answer.Outcome outcome(OfferAnswer.Outcome outcome) throws UnreadableMessage {
        return switch (outcome) {
            case WRITTEN -> Answer.Outcome.WRITTEN;
            case KEPT -> Answer.Outcome.KEPT;
            case REFUSED -> Answer.Outcome.REFUSED;
            case FAILED -> Answer.Outcome.FAILED;
            default -> throw new UnreadableMessage("an answer with outcome " + outcome);
        };
    }

    private static OfferKey key(OfferId id) {
        return OfferKey.newBuilder().setOriginNodeId(id.originNodeId()).setOriginPid(id.originPid())
                .setRequestId(id.requestId()).build();
    }

    private static OfferId id(OfferKey key) {
        return new OfferId(key.getOriginNodeId(), key.getOriginPid(), key.getRequestId());
    }
}
