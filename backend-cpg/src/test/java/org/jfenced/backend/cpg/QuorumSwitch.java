package org.jfenced.backend.cpg;

import java.util.List;

/** A quorum the test decides. */
final class QuorumSwitch implements QuorumView {

    private volatile boolean quorate = true;
    private volatile Runnable onChange = () -> { };

    void set(boolean quorate) {
        this.quorate = quorate;
        onChange.run();
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
    public List<String> minorityMayBeQuorate() {
        return List.of();
    }

    @Override
    public void listen(Runnable onChange) {
        this.onChange = onChange;
    }

    @Override
    public void close() {
    }
}
