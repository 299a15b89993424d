package org.jfenced.backend.cpg;

import java.util.List;

/** Whether this node's partition may act for the cluster; the member answering for unknown VMs asks it. */
interface QuorumView extends AutoCloseable {

    boolean isQuorate();

    /** For people: votes, or why there is no answer. */
    String describe();

    /**
     * The votequorum settings in force with which a partition without a majority of the votes may be
     * quorate ({@code two_node}, {@code auto_tie_breaker}, {@code last_man_standing}); empty without them.
     */
    List<String> minorityMayBeQuorate();

    /**
     * Calls {@code onChange} on votequorum's thread after each change of the quorum, and when the local
     * corosync goes away; it must return at once.
     */
    void listen(Runnable onChange);

    @Override
    void close();

    /**
     * For {@code unknown_requires_quorum = "no"} with {@code self_fence = "no"}: votequorum is not asked and
     * every partition counts as quorate.
     */
    QuorumView IGNORED = new QuorumView() {
        @Override
        public boolean isQuorate() {
            return true;
        }

        @Override
        public String describe() {
            return "not checked (unknown_requires_quorum = no, self_fence = no)";
        }

        @Override
        public List<String> minorityMayBeQuorate() {
            return List.of("no votequorum (unknown_requires_quorum = no, self_fence = no)");
        }

        @Override
        public void listen(Runnable onChange) {
        }

        @Override
        public void close() {
        }
    };
}
