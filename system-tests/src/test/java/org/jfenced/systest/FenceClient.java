package org.jfenced.systest;

import java.nio.file.Path;

/** A real fence_virt family client run against one daemon: {@link FenceVirt} over TCP, {@link FenceXvm}. */
interface FenceClient {

    /** The client with {@code ARGS…} on its command line. */
    ClientRun run(String... args);

    /** The Pacemaker way: no arguments, {@code key=value} lines on stdin. */
    ClientRun runStdin(String... lines);

    /** The same client signing with another key file. */
    FenceClient withKey(Path otherKey);
}
