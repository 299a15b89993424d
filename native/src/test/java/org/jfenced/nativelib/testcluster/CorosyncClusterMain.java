package org.jfenced.nativelib.testcluster;

import java.io.IOException;

/**
 * Runs a {@link CorosyncCluster} by hand, for trying a daemon on a real cluster: starts it, prints how to
 * reach each node, and tears it down on Enter, end of input or Ctrl-C.
 *
 * <pre>CorosyncClusterMain [NODES] [TOKEN_MS]</pre>
 */
public final class CorosyncClusterMain {
    private CorosyncClusterMain() {
    }

    public static void main(String[] args) throws IOException {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int tokenMs = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        CorosyncCluster cluster = CorosyncCluster.builder("manual").nodes(nodes).tokenMs(tokenMs).build().start();
        System.out.println(cluster + " is up.");
        for (ClusterNode node : cluster.nodes()) {
            System.out.printf("  node %d: %s, corosync pid %d, dir %s%n    shell: ip netns exec %s sh -c 'mount --bind %s /run && exec bash'%n",
                    node.id(), node.address(), node.corosyncPid(), node.dir(), node.netns(), node.runDir());
        }
        System.out.println("Press Enter (or Ctrl-C) to tear it down.");
        System.in.read();
        cluster.close();
        System.out.println("cluster down");
    }
}
