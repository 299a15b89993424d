package org.jfenced.service.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jfenced.nativelib.CorosyncException;
import org.jfenced.nativelib.CsError;
import org.jfenced.nativelib.quorum.QuorumState;
import org.jfenced.spi.AdminCommand;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.AdminSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code jfencectl cluster …}: the subcommands, their arguments and their replies. */
final class ClusterCommand implements AdminCommand {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterCommand.class);

    static final String USAGE = """
            cluster create CLUSTER [--node NAME] [--nodeid N] [--votes N] [--link0 ADDRESS] [--link1 ADDRESS]
            cluster addnode NAME [--nodeid N] [--votes N] --link0 ADDRESS [--link1 ADDRESS] [--force] [--propagate]
            cluster delnode NAME|ADDRESS [--propagate]
            cluster nodes
            cluster status
            cluster expected VOTES
            cluster keygen [FILE]""";

    private static final Set<String> NODE_OPTIONS = Set.of("node", "nodeid", "votes", "link0", "link1");
    private static final String PROPAGATE = "propagate";

    private final ClusterEditor editor;
    private final Path authkey;
    private final LiveCluster live;
    private final LocalHost host;
    private final SecureRandom random;
    private final Propagator propagator;

    /** This host's name and address, for the node that {@code create} puts first. */
    interface LocalHost {
        String name();

        Optional<String> address();
    }

    ClusterCommand(ClusterEditor editor, Path authkey, LiveCluster live, LocalHost host, SecureRandom random,
                   Propagator propagator) {
        this.editor = editor;
        this.authkey = authkey;
        this.live = live;
        this.host = host;
        this.random = random;
        this.propagator = propagator;
    }

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public String usage() {
        return "SUBCOMMAND [ARGS]";
    }

    @Override
    public String summary() {
        return "corosync.conf and cluster state; \"cluster\" alone lists the subcommands";
    }

    @Override
    public AdminReply run(List<String> args, AdminSession session) throws IOException, InterruptedException {
        if (args.isEmpty()) {
            return AdminReply.usage("usage:\n" + USAGE);
        }
        List<String> rest = args.subList(1, args.size());
        try {
            AdminReply reply = switch (args.get(0)) {
                case "create" -> create(CommandArgs.parse(rest, NODE_OPTIONS, Set.of(PROPAGATE)));
                case "addnode" -> addNode(CommandArgs.parse(rest, NODE_OPTIONS, Set.of("force", PROPAGATE)));
                case "delnode" -> delNode(CommandArgs.parse(rest, Set.of(), Set.of(PROPAGATE)));
                case "nodes" -> status(CommandArgs.parse(rest, Set.of(), Set.of()), false);
                case "status" -> status(CommandArgs.parse(rest, Set.of(), Set.of()), true);
                case "expected" -> expected(CommandArgs.parse(rest, Set.of(), Set.of()));
                case "keygen" -> keygen(CommandArgs.parse(rest, Set.of(), Set.of()));
                default -> AdminReply.usage("unknown subcommand \"" + args.get(0) + "\"; usage:\n" + USAGE);
            };
            boolean done = reply.exitCode() == AdminReply.OK
                    || reply.data() instanceof Map<?, ?> m && m.containsKey(PROPAGATE);
            if (done && Set.of("create", "addnode", "delnode", "expected", "keygen").contains(args.get(0))) {
                LOG.info("audit: user {} ran cluster {}: {}", session.user(), String.join(" ", args),
                        reply.text().lines().findFirst().orElse(""));
            }
            return reply;
        } catch (CommandArgs.UsageException e) {
            return AdminReply.usage(e.getMessage() + "; usage:\n" + USAGE);
        } catch (ClusterConfigException e) {
            return AdminReply.failed(e.getMessage());
        }
    }

    private AdminReply create(CommandArgs a) throws CommandArgs.UsageException, ClusterConfigException, IOException {
        if (a.flag(PROPAGATE)) {
            throw new CommandArgs.UsageException("create makes a one-node cluster, so --propagate has nobody to reach:"
                    + " copy corosync.conf and the authkey to the other hosts once, and use --propagate for later changes");
        }
        String clusterName = oneWord(a, "create CLUSTER");
        String nodeName = a.value("node").orElseGet(host::name);
        SortedMap<Integer, String> links = links(a);
        if (!links.containsKey(0)) {
            links.put(0, host.address().orElseThrow(() -> new ClusterConfigException("cannot tell this host's"
                    + " address: " + host.name() + " does not resolve to one other hosts can reach; give --link0 ADDRESS")));
        }
        ConfiguredNode first = new ConfiguredNode(nodeName, a.number("nodeid").orElse(1L), votes(a), links);
        ClusterEditor.Change change = editor.create(clusterName, first);
        // corosync refuses to start without its key, so a new cluster gets one unless the host has it already
        boolean newKey = !Files.exists(authkey, LinkOption.NOFOLLOW_LINKS);
        if (newKey) {
            AuthKeyFile.generate(authkey, random);
        }
        Map<String, Object> data = new LinkedHashMap<>(change.data());
        data.put("authkey", authkey.toString());
        data.put("authkey_written", newKey);
        String key = newKey ? "\nwrote a new " + AuthKeyFile.KEY_BYTES + "-byte key to " + authkey
                + " (mode 0400); copy it with corosync.conf to every node over a secure channel"
                : "\nkept the key at " + authkey;
        return AdminReply.ok(change.summary() + key, data);
    }

    private AdminReply addNode(CommandArgs a) throws CommandArgs.UsageException, ClusterConfigException, IOException,
            InterruptedException {
        String name = oneWord(a, "addnode NAME");
        SortedMap<Integer, String> links = links(a);
        if (!links.containsKey(0)) {
            throw new CommandArgs.UsageException("addnode needs the node's address: --link0 ADDRESS");
        }
        if (a.value("node").isPresent()) {
            throw new CommandArgs.UsageException("--node is for create; addnode takes the name as its argument");
        }
        boolean propagate = propagating(a);
        ClusterEditor.Change change = editor.addNode(name, a.number("nodeid"), votes(a), links, a.flag("force"));
        return changed(change, "", propagate);
    }

    private AdminReply delNode(CommandArgs a) throws CommandArgs.UsageException, ClusterConfigException, IOException,
            InterruptedException {
        String node = oneWord(a, "delnode NAME|ADDRESS");
        boolean propagate = propagating(a);
        ClusterEditor.Change change = editor.delNode(node);
        long id = (Long) ((Map<?, ?>) change.data().get("node")).get("nodeid");
        // a removed node that still runs corosync with the old file keeps joining: it must go down first
        boolean stillMember = askCorosync().quorum().map(q -> q.members().contains((int) id)).orElse(false);
        change.data().put("still_member", stillMember);
        String stop = "node id " + id + " is still a member: stop corosync there (and keep it from coming back with"
                + " the old file), then ";
        String reload = propagate ? "run corosync-cfgtool -R on one node so that every node re-reads its file"
                : "copy " + editor.file() + " to the other nodes and run corosync-cfgtool -R"
                        + (stillMember ? "" : " on one of them");
        return changed(change, (stillMember ? stop : "") + reload, propagate);
    }

    /** Whether the change is to be propagated; refused before anything is written when it cannot be. */
    private boolean propagating(CommandArgs a) throws ClusterConfigException {
        if (a.flag(PROPAGATE)) {
            propagator.checkAvailable();
        }
        return a.flag(PROPAGATE);
    }

    /** The reply to a change; with {@code propagate}, after the other members have had their say. */
    private AdminReply changed(ClusterEditor.Change change, String next, boolean propagate)
            throws ClusterConfigException, InterruptedException {
        if (!propagate) {
            return AdminReply.ok(next.isEmpty() ? change.summary() : change.summary() + "\n" + next, change.data());
        }
        PropagationReport report = propagator.propagate(change.config(), change.text());
        change.data().put(PROPAGATE, report.data());
        return new AdminReply(report.ok() ? AdminReply.OK : AdminReply.FAILED,
                change.summary() + "\n" + report.text() + next, change.data());
    }

    private AdminReply status(CommandArgs a, boolean withSummary) throws CommandArgs.UsageException,
            ClusterConfigException, IOException {
        if (!a.words().isEmpty()) {
            throw new CommandArgs.UsageException("takes no arguments");
        }
        ClusterConfig config = editor.existing();
        return ClusterStatusReport.build(editor.file(), config, askCorosync(), withSummary);
    }

    private ClusterStatusReport.Live askCorosync() {
        try {
            QuorumState state = live.quorum();
            return ClusterStatusReport.Live.of(state);
        } catch (CorosyncException e) {
            return ClusterStatusReport.Live.unreachable(notRunning(e));
        }
    }

    private AdminReply expected(CommandArgs a) throws CommandArgs.UsageException {
        String word = oneWord(a, "expected VOTES");
        int votes;
        try {
            votes = Integer.parseInt(word);
        } catch (NumberFormatException e) {
            throw new CommandArgs.UsageException("expected VOTES: a whole number, not \"" + word + "\"");
        }
        if (votes < 1) {
            throw new CommandArgs.UsageException("expected VOTES: at least 1");
        }
        try {
            live.setExpectedVotes(votes);
        } catch (CorosyncException e) {
            if (e.error() == CsError.CS_ERR_INVALID_PARAM) {
                return AdminReply.failed("corosync refused expected votes " + votes + ": it cannot be below the"
                        + " votes present or make this quorate partition lose quorum");
            }
            return AdminReply.failed("cannot set expected votes: " + notRunning(e));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("expected_votes", votes);
        return AdminReply.ok("expected votes set to " + votes + " on the running cluster (until corosync restarts)", data);
    }

    private AdminReply keygen(CommandArgs a) throws CommandArgs.UsageException, ClusterConfigException, IOException {
        if (a.words().size() > 1) {
            throw new CommandArgs.UsageException("keygen takes at most one FILE");
        }
        Path file = a.words().isEmpty() ? authkey : Path.of(a.words().get(0));
        AuthKeyFile.generate(file, random);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("file", file.toString());
        data.put("bytes", AuthKeyFile.KEY_BYTES);
        return AdminReply.ok("wrote a new " + AuthKeyFile.KEY_BYTES + "-byte key to " + file
                + " (mode 0400); copy it to every node over a secure channel", data);
    }

    private static String notRunning(CorosyncException e) {
        return "corosync does not answer (" + e.getMessage() + "); is it running?";
    }

    private static String oneWord(CommandArgs a, String usage) throws CommandArgs.UsageException {
        if (a.words().size() != 1) {
            int space = usage.indexOf(' ');
            throw new CommandArgs.UsageException(usage.substring(0, space) + " takes exactly one "
                    + usage.substring(space + 1));
        }
        return a.words().get(0);
    }

    private static int votes(CommandArgs a) throws CommandArgs.UsageException {
        long votes = a.number("votes").orElse(1L);
        if (votes < 0 || votes > ClusterRules.MAX_VOTES) {
            throw new CommandArgs.UsageException("--votes: 0 to " + ClusterRules.MAX_VOTES);
        }
        return (int) votes;
    }

    private static SortedMap<Integer, String> links(CommandArgs a) {
        SortedMap<Integer, String> links = new TreeMap<>();
        a.value("link0").ifPresent(v -> links.put(0, v));
        a.value("link1").ifPresent(v -> links.put(1, v));
        return links;
    }

    /** The kernel's host name (short) and the first address it resolves to that other hosts could reach. */
    static final class SystemHost implements LocalHost {
        @Override
        public String name() {
            try {
                String full = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
                return full.contains(".") ? full.substring(0, full.indexOf('.')) : full;
            } catch (IOException e) {
                return "localhost";
            }
        }

        @Override
        public Optional<String> address() {
            try {
                return Arrays.stream(InetAddress.getAllByName(name()))
                        .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress())
                        .map(InetAddress::getHostAddress).findFirst();
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
    }
}
