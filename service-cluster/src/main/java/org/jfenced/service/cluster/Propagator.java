package org.jfenced.service.cluster;

/** Hands a change of corosync.conf to the cluster's other nodes: {@code --propagate}. */
interface Propagator {

    /** Throws, saying why, when a change could not be propagated now; called before anything is written. */
    void checkAvailable() throws ClusterConfigException;

    /** Offers the file this node has just written ({@code text}, which is {@code config}) to every member. */
    PropagationReport propagate(ClusterConfig config, String text) throws ClusterConfigException, InterruptedException;
}
