package org.jfenced.backend.cpg;

/** Whether this node's partition may act for the cluster; the member answering for unknown VMs asks it. */
interface QuorumView extends AutoCloseable {

    boolean isQuorate();

    /** For people: votes, or why there is no answer. */
    String describe();

    @Override
    void close();

    /** For {@code unknown_requires_quorum = "no"}: every partition counts as quorate. */
    QuorumView IGNORED = new QuorumView() {
        @Override
        public boolean isQuorate() {
            return true;
        }

        @Override
        public String describe() {
            return "not checked (unknown_requires_quorum = no)";
        }

        @Override
        public void close() {
        }
    };
}
