package org.jfenced.nativelib.cmap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.jfenced.nativelib.quorum.Quorum;
import org.jfenced.nativelib.testcluster.CorosyncCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** corosync's own values, read from a real two-node cluster configured with {@code two_node}. */
class CmapClusterTest {

    @RegisterExtension
    static final CorosyncCluster cluster = CorosyncCluster.builder("cmap").nodes(2).tokenMs(700)
            .quorumSetting("two_node: 1").build();

    @Test
    void theTokenAndConsensusTimeoutsAreTheOnesCorosyncRunsWith() throws Exception {
        assertEquals(Optional.of(700L), cluster.node(1).call(() -> Cmap.uint32("runtime.config.totem.token")));
        assertEquals(Optional.of(840L), cluster.node(2).call(() -> Cmap.uint32("runtime.config.totem.consensus")),
                "corosync's default consensus: 1.2 × token");
    }

    @Test
    void aKeyCorosyncDoesNotHaveIsEmpty() throws Exception {
        assertEquals(Optional.empty(), cluster.node(1).call(() -> Cmap.uint32("runtime.config.totem.no_such_key")));
    }

    @Test
    void votequorumTellsThatAMinorityMayBeQuorateWithTwoNode() throws Exception {
        List<String> settings = cluster.node(1).call(() -> {
            try (Quorum quorum = Quorum.open(state -> { })) {
                return quorum.state().minorityMayBeQuorate();
            }
        });
        assertEquals(List.of("two_node"), settings);
    }
}
