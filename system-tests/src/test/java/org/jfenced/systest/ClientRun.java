package org.jfenced.systest;

/** What a client run printed and how it exited. */
record ClientRun(int exit, String stdout, String stderr, long millis) {

    @Override
    public String toString() {
        return "exit " + exit + " after " + millis + " ms\nstdout: " + stdout + "\nstderr: " + stderr;
    }
}
