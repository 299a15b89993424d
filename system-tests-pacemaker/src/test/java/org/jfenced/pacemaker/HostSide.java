package org.jfenced.pacemaker;

/** What the guests fence through: one host daemon, or the hosts of a cluster; stopped by close. */
interface HostSide extends AutoCloseable {

    /** What it logged, for a failure message. */
    String log();

    @Override
    void close();
}
