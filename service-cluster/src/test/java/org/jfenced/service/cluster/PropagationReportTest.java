package org.jfenced.service.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfenced.nativelib.cpg.CpgMember;
import org.junit.jupiter.api.Test;

/** One line per node, and "ok" only when every member has the offered file. */
class PropagationReportTest {

    private static final OfferId ID = new OfferId(1, 100, 1);

    @Test
    void everyKindOfAnswerHasItsLineAndAnyButTheSameFileFails() throws Exception {
        ClusterConfig config = ClusterConfig.parse(ClusterHost.golden("addnode.conf"), "addnode.conf");
        PendingOffer.Settlement settled = new PendingOffer.Settlement(Optional.empty(), List.of(
                new PendingOffer.Reply(new CpgMember(3, 30), Optional.of(Answer.failed(ID, "cannot write x: disk full")),
                        ""),
                new PendingOffer.Reply(new CpgMember(2, 20), Optional.empty(), "its node left the cluster before it answered"),
                new PendingOffer.Reply(new CpgMember(5, 50), Optional.of(Answer.kept(ID, 3, true)), "")));

        PropagationReport report = PropagationReport.of(config, 1, "g", settled, List.of(1L, 2L, 3L, 5L, 6L), 12);

        assertEquals("""
                propagated config_version 3 through CPG group g in 12 ms:
                  node 1 (pve1): written (this node)
                  node 2 (pve2): no answer (its node left the cluster before it answered)
                  node 3 (pve3): failed (cannot write x: disk full)
                  node 5: kept its own file (config_version 3, the same file)
                  node 6: no answer (its jfenced is not in CPG group g: it runs no cluster service)
                """, report.text());
        assertFalse(report.ok());
        assertEquals(false, report.data().get("ok"));
        assertEquals(5, ((List<?>) report.data().get("nodes")).size());
    }

    @Test
    void anOfferThatWasNotDeliveredSaysNobodyHasIt() throws Exception {
        ClusterConfig config = ClusterConfig.parse(ClusterHost.golden("addnode.conf"), "addnode.conf");

        PropagationReport report = PropagationReport.of(config, 1, "g", new PendingOffer.Settlement(
                Optional.of("not sent: cpg_mcast_joined: CS_ERR_LIBRARY (2)"), List.of()), List.of(1L, 2L), 3);

        assertEquals("not propagated: not sent: cpg_mcast_joined: CS_ERR_LIBRARY (2); no other node is known to have"
                + " config_version 3\n", report.text());
        assertFalse(report.ok());
        assertEquals("not sent: cpg_mcast_joined: CS_ERR_LIBRARY (2)", report.data().get("undelivered"));
    }

    @Test
    void nodesOutsideTheRunningClusterAreNamedButDoNotFailIt() throws Exception {
        ClusterConfig config = ClusterConfig.parse(ClusterHost.golden("addnode.conf"), "addnode.conf");
        PendingOffer.Settlement settled = new PendingOffer.Settlement(Optional.empty(), List.of(
                new PendingOffer.Reply(new CpgMember(2, 20), Optional.of(Answer.written(ID, 3, "/b/corosync.conf.1")), "")));

        PropagationReport report = PropagationReport.of(config, 1, "g", settled, List.of(1L, 2L), 4);

        assertTrue(report.ok());
        assertTrue(report.text().endsWith("""
                  node 2 (pve2): written (previous file in /b/corosync.conf.1)
                  node 3 (pve3): not reached (not in the running cluster; it needs this file before it starts corosync)
                """), report.text());
        @SuppressWarnings("unchecked")
        Map<String, Object> written = (Map<String, Object>) ((List<?>) report.data().get("nodes")).get(1);
        assertEquals("/b/corosync.conf.1", written.get("backup"));
    }
}
