package org.jfenced.service.cluster;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A node of corosync.conf's nodelist.
 *
 * @param name  the node's name ({@code name:}); empty when the file gives none
 * @param id    {@code nodeid:}
 * @param votes {@code quorum_votes:}, 1 when absent as in corosync
 * @param links the address on each link number ({@code ring0_addr:} is link 0, …)
 */
record ConfiguredNode(String name, long id, int votes, SortedMap<Integer, String> links) {

    ConfiguredNode {
        links = Collections.unmodifiableSortedMap(new TreeMap<>(links));
    }

    /** {@code "pve2" (id 2)}, for messages. */
    String describe() {
        return (name.isEmpty() ? "node" : '"' + name + '"') + " (id " + id + ")";
    }
}
