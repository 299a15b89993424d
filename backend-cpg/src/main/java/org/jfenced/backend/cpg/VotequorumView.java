package org.jfenced.backend.cpg;

import java.util.List;
import org.jfenced.nativelib.CorosyncException;
import org.jfenced.nativelib.quorum.Quorum;
import org.jfenced.nativelib.quorum.QuorumListener;
import org.jfenced.nativelib.quorum.QuorumState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Quorum from corosync's votequorum; not quorate while corosync is unreachable. */
final class VotequorumView implements QuorumView {

    private static final Logger LOG = LoggerFactory.getLogger(VotequorumView.class);

    private Quorum quorum;
    private volatile Runnable onChange = () -> { };

    private VotequorumView() {
    }

    /** Opens in the network namespace of the calling thread, like the CPG group. */
    static VotequorumView open() throws CorosyncException {
        VotequorumView view = new VotequorumView();
        view.quorum = Quorum.open(new QuorumListener() {
            @Override
            public void onQuorumChange(QuorumState state) {
                LOG.info("quorum: {}", describe(state));
                view.onChange.run();
            }

            @Override
            public void onCorosyncLost(CorosyncException cause) {
                LOG.warn("quorum: corosync lost ({}); not quorate until it is back", cause.getMessage());
                view.onChange.run();
            }
        });
        return view;
    }

    @Override
    public List<String> minorityMayBeQuorate() {
        return quorum.state().minorityMayBeQuorate();
    }

    @Override
    public void listen(Runnable onChange) {
        this.onChange = onChange;
    }

    @Override
    public boolean isQuorate() {
        return quorum.isQuorate();
    }

    @Override
    public String describe() {
        return describe(quorum.state());
    }

    private static String describe(QuorumState s) {
        return (s.quorate() ? "quorate" : "not quorate") + ", " + s.totalVotes() + " of " + s.expectedVotes()
                + " votes (quorum " + s.quorum() + "), nodes " + s.members();
    }

    @Override
    public void close() {
        quorum.close();
    }
}
