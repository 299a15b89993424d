package org.jfenced.service.cluster;

/** What the cluster services multicast to their group; see {@code cluster_group.proto}. */
sealed interface ConfigMessage permits Offer, Answer {

    OfferId id();
}
