package org.jfenced.service.cluster;

/** A corosync.conf that cannot be read, or a change that would make it invalid; the message says which. */
final class ClusterConfigException extends Exception {

    ClusterConfigException(String message) {
        super(message);
    }
}
