package org.jfenced.service.cluster;

import java.util.Collection;

/** Node id allocation as pvecm does it: the lowest id from 1 up that no node has. */
final class NodeIds {

    private NodeIds() {
    }

    static long lowestFree(Collection<ConfiguredNode> nodes) {
        long id = 1;
        while (taken(nodes, id)) {
            id++;
        }
        return id;
    }

    private static boolean taken(Collection<ConfiguredNode> nodes, long id) {
        return nodes.stream().anyMatch(n -> n.id() == id);
    }
}
