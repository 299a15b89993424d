package org.jfenced.backend.cpg;

/** A quorum the test decides. */
final class QuorumSwitch implements QuorumView {

    private volatile boolean quorate = true;

    void set(boolean quorate) {
        this.quorate = quorate;
    }

    @Override
    public boolean isQuorate() {
        return quorate;
    }

    @Override
    public String describe() {
        return quorate ? "quorate (test)" : "not quorate (test)";
    }

    @Override
    public void close() {
    }
}
