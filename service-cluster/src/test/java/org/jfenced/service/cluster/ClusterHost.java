package org.jfenced.service.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jfenced.nativelib.CorosyncException;
import org.jfenced.nativelib.CsError;
import org.jfenced.nativelib.quorum.QuorumState;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.AdminSession;

/**
 * One host's view for tests: corosync.conf, authkey and backups in a directory, the {@code cluster}
 * command as the daemon registers it, and a corosync whose answers the test decides.
 */
final class ClusterHost {

    final Path dir;
    final Path conf;
    final Path authkey;
    final Path backups;
    final ClusterEditor editor;
    final ClusterCommand command;
    /** What {@code --propagate} does: by default the service's own, as in a daemon whose backend is not clustered. */
    volatile Propagator propagator;
    /** What the fake corosync reports; empty: not running. */
    volatile Optional<QuorumState> corosync = Optional.empty();
    final List<Integer> expectedVotesSet = new ArrayList<>();

    /**
     * @param authkey the key file the config names and the command writes; when null, the config names
     *                corosync's default and the command writes {@code dir/authkey}
     * @param live    the corosync to ask, the fake one ({@link #corosync}) when null
     */
    ClusterHost(Path dir, Path authkey, int keepBackups, LiveCluster live) {
        this.dir = dir;
        this.conf = dir.resolve("corosync.conf");
        this.authkey = authkey == null ? ClusterConfig.DEFAULT_AUTHKEY : authkey;
        this.backups = dir.resolve("backups");
        ClusterSettings settings = new ClusterSettings(conf, this.authkey, backups, keepBackups,
                ClusterSettings.DEFAULT_GROUP);
        this.editor = ClusterPlugin.editor(settings);
        // with corosync's default key named in the config, the command still writes its keys here, never to /etc
        ClusterSettings commandSettings = authkey != null ? settings : new ClusterSettings(conf, dir.resolve("authkey"),
                backups, keepBackups, ClusterSettings.DEFAULT_GROUP);
        this.propagator = new GroupPropagator(settings.group(), Optional::empty, new OfferReceiver(editor),
                ClusterPlugin.ANSWER_TIMEOUT);
        this.command = ClusterPlugin.command(editor, commandSettings, live == null ? fakeCorosync() : live, new ClusterCommand.LocalHost() {
            @Override
            public String name() {
                return "pve1";
            }

            @Override
            public Optional<String> address() {
                return Optional.of("192.0.2.11");
            }
        }, new Propagator() {
            @Override
            public void checkAvailable() throws ClusterConfigException {
                propagator.checkAvailable();
            }

            @Override
            public PropagationReport propagate(ClusterConfig config, String text) throws ClusterConfigException,
                    InterruptedException {
                return propagator.propagate(config, text);
            }
        });
    }

    static ClusterHost withFakeCorosync(Path dir) {
        return new ClusterHost(dir, null, 10, null);
    }

    /** A host whose file is golden/addnode.conf: cluster demo, pve1 to pve3 on 192.0.2.11 to .13, config_version 3. */
    static ClusterHost ofThree(Path dir) throws IOException {
        ClusterHost host = withFakeCorosync(dir);
        Files.writeString(host.conf, golden("addnode.conf"));
        return host;
    }

    /** What {@link #ofThree} in {@code dir} writes for {@code addnode pve4}: config_version 4. */
    static String withPve4(Path dir) throws IOException {
        ClusterHost origin = ofThree(Files.createDirectories(dir));
        origin.ok("addnode pve4 --link0 192.0.2.14");
        return origin.confText();
    }

    private LiveCluster fakeCorosync() {
        return new LiveCluster() {
            @Override
            public QuorumState quorum() throws CorosyncException {
                return corosync.orElseThrow(() -> new CorosyncException("votequorum_initialize",
                        CsError.CS_ERR_LIBRARY.code()));
            }

            @Override
            public void setExpectedVotes(int votes) throws CorosyncException {
                if (corosync.isEmpty()) {
                    throw new CorosyncException("votequorum_setexpected", CsError.CS_ERR_LIBRARY.code());
                }
                if (votes < corosync.get().totalVotes()) {
                    throw new CorosyncException("votequorum_setexpected", CsError.CS_ERR_INVALID_PARAM.code());
                }
                expectedVotesSet.add(votes);
            }
        };
    }

    AdminReply run(String line) throws IOException {
        try {
            return command.run(List.of(line.split(" ")), SESSION);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Runs a command that must succeed. */
    AdminReply ok(String line) throws IOException {
        AdminReply reply = run(line);
        if (reply.exitCode() != AdminReply.OK) {
            throw new AssertionError("cluster " + line + " failed (" + reply.exitCode() + "): " + reply.text());
        }
        return reply;
    }

    String confText() throws IOException {
        return Files.readString(conf, StandardCharsets.UTF_8);
    }

    /** Every file under the host's directory, to show that a refused command left nothing behind. */
    List<String> files() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    static String golden(String name) throws IOException {
        try (var in = ClusterHost.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IOException("no golden file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static final AdminSession SESSION = new AdminSession() {
        @Override
        public String user() {
            return "root";
        }

        @Override
        public void progress(String line) {
        }
    };
}
