package org.jfenced.service.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a member does with another member's offer: the file must be whole, UTF-8, a corosync.conf this
 * service can read, of the version the offer claims, and name this node; then the editor writes it if
 * this node's own file is older. Logs what it did, never a line of either file: the reasons for a refusal
 * go back to the origin, whose operator reads them.
 */
final class OfferReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(OfferReceiver.class);

    private final ClusterEditor editor;

    OfferReceiver(ClusterEditor editor) {
        this.editor = editor;
    }

    /** Handles {@code offer}, sent by node {@code fromNodeId}, on node {@code myNodeId}; never throws. */
    Answer answer(Offer offer, long fromNodeId, long myNodeId) {
        String from = "node " + fromNodeId;
        try {
            String text = text(offer);
            ClusterConfig offered = check(offer, text, myNodeId);
            ClusterEditor.Adoption adoption = editor.adopt(offered, text);
            if (!adoption.written()) {
                LOG.info("kept {} (config_version {}{}): {} offered config_version {}", editor.file(),
                        adoption.version(), adoption.identical() ? ", the same file" : "", from, offer.configVersion());
                return Answer.kept(offer.id(), adoption.version(), adoption.identical());
            }
            String backup = adoption.backup() == null ? "" : adoption.backup().toString();
            LOG.info("wrote config_version {} of cluster {} from {} to {}{}", adoption.version(), offered.clusterName(),
                    from, editor.file(), backup.isEmpty() ? "" : " (previous file in " + backup + ")");
            return Answer.written(offer.id(), adoption.version(), backup);
        } catch (ClusterConfigException e) {
            // the reason may quote a line of a file (the parser's messages do), and file content stays out of logs
            LOG.warn("refused the corosync.conf {} offered (config_version {}); the reason went back to it", from,
                    offer.configVersion());
            return Answer.refused(offer.id(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot write the corosync.conf {} offered to {}: {}", from, editor.file(), e.toString());
            return Answer.failed(offer.id(), "cannot write " + editor.file() + ": " + e);
        }
    }

    private static ClusterConfig check(Offer offer, String text, long myNodeId) throws ClusterConfigException {
        ClusterConfig offered = ClusterConfig.parse(text, "the offered file");
        if (offered.configVersion() != offer.configVersion()) {
            throw new ClusterConfigException("the file has config_version " + offered.configVersion()
                    + " but was offered as " + offer.configVersion());
        }
        if (offered.nodes().stream().noneMatch(n -> n.id() == myNodeId)) {
            throw new ClusterConfigException("this node (id " + myNodeId + ") is not in the file's nodelist: it was"
                    + " removed from the cluster, so stop corosync here rather than run with that file");
        }
        return offered;
    }

    private static String text(Offer offer) throws ClusterConfigException {
        if (!offer.intact()) {
            throw new ClusterConfigException("the file arrived damaged: its SHA-256 is not the one sent");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(offer.file())).toString();
        } catch (CharacterCodingException e) {
            throw new ClusterConfigException("the file is not UTF-8 text");
        }
    }
}
