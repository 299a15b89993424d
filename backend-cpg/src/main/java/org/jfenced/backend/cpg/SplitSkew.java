package org.jfenced.backend.cpg;

import java.io.IOException;
import java.time.Duration;
import org.jfenced.nativelib.CorosyncException;
import org.jfenced.nativelib.CsError;
import org.jfenced.nativelib.cmap.Cmap;

/**
 * How far apart the two sides of a partition may notice it. Each side notices when its token is lost
 * (totem {@code token}) and a new membership is agreed ({@code consensus}); a side may have lost its
 * token just as the link broke, the other a whole token timeout later, and consensus may take its full
 * time on one side only. So the two moments lie at most token + consensus apart.
 *
 * <p>Read from corosync's runtime values ({@code runtime.config.totem.token}, which already includes the
 * per-node {@code token_coefficient}, and {@code runtime.config.totem.consensus}) rather than from
 * corosync.conf: they are what corosync actually uses, also after a reload.
 */
final class SplitSkew {

    static final String TOKEN = "runtime.config.totem.token";
    static final String CONSENSUS = "runtime.config.totem.consensus";

    private SplitSkew() {
    }

    /** Reads the skew from the corosync of the calling thread's network namespace. */
    static Duration read() throws IOException {
        try {
            long token = Cmap.uint32(TOKEN).orElseThrow(() -> new CorosyncException("cmap " + TOKEN,
                    CsError.CS_ERR_NOT_EXIST.code(), "corosync does not report its token timeout"));
            // corosync's own default when consensus is not set: 1.2 × token
            long consensus = Cmap.uint32(CONSENSUS).orElse(token * 12 / 10);
            return Duration.ofMillis(token + consensus);
        } catch (UnsatisfiedLinkError e) {
            throw new IOException("cannot read corosync's token timeout: " + e.getMessage(), e);
        }
    }
}
