package org.jfenced.admin;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jfenced.dispatch.AclGroups;
import org.jfenced.dispatch.Dispatcher;
import org.jfenced.journal.Journal;
import org.jfenced.journal.JournalSettings;
import org.jfenced.plugin.DiscoveredPlugin;
import org.jfenced.plugin.PluginKind;
import org.jfenced.spi.ClusterView;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigSection;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.FenceListener;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.Health;
import org.jfenced.spi.Membership;
import org.jfenced.spi.PlacedVm;
import org.jfenced.spi.PluginContext;
import org.jfenced.spi.PluginFactory;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;

/**
 * A daemon made of stand-ins: a backend holding VMs in a map (optionally as a member of a cluster), a
 * listener that only has an endpoint, and the real dispatcher in between.
 */
final class FakeDaemon implements DaemonView {

    static final String WEB = "11111111-1111-1111-1111-111111111111";
    static final String DB = "22222222-2222-2222-2222-222222222222";

    final FakeBackend backend = new FakeBackend();
    final Dispatcher dispatcher;
    /** The listeners' endpoints by name, in their configured order: one tcp listener unless a test adds more. */
    final Map<String, String> endpoints = new LinkedHashMap<>(Map.of("tcp", "tcp 127.0.0.1:1229"));
    private final PrometheusRegistry metrics = FenceMetrics.registryOf(this);
    private final Optional<JournalSettings> journalSettings;
    final Instant started = Instant.parse("2025-05-01T10:00:00Z");
    private final List<DiscoveredPlugin> plugins = List.of(
            new DiscoveredPlugin(PluginKind.BACKEND, factory("libvirt"), "/opt/jfenced/lib/backend-libvirt.jar"),
            new DiscoveredPlugin(PluginKind.LISTENER, factory("tcp"), "/opt/jfenced/lib/listener-tcp.jar"),
            new DiscoveredPlugin(PluginKind.LISTENER, factory("serial"), "/opt/jfenced/plugins/serial.jar"));

    FakeDaemon() {
        this(AclGroups.allowAll());
    }

    FakeDaemon(AclGroups groups) {
        this(groups, Journal.NONE, Optional.empty());
    }

    /** A daemon whose dispatcher records into {@code journal}, which its history reads at {@code settings}. */
    FakeDaemon(AclGroups groups, Journal journal, Optional<JournalSettings> settings) {
        dispatcher = new Dispatcher(backend, groups, Duration.ofSeconds(5), request -> { }, journal);
        this.journalSettings = settings;
    }

    @Override
    public Optional<JournalSettings> journal() {
        return journalSettings;
    }

    @Override
    public String version() {
        return "9.9.9";
    }

    @Override
    public long pid() {
        return 4242;
    }

    @Override
    public Instant started() {
        return started;
    }

    @Override
    public Path configFile() {
        return Path.of("/etc/fence_virt.conf");
    }

    @Override
    public AdminSettings admin() {
        return new AdminSettings(Path.of("/run/jfenced/admin.sock"), Optional.empty(), Optional.empty());
    }

    @Override
    public List<DiscoveredPlugin> plugins() {
        return plugins;
    }

    @Override
    public List<DiscoveredPlugin> inUse() {
        return plugins.subList(0, 2);
    }

    /** What {@link #reload} answers next; null: a reload that changes nothing. */
    ConfigException reloadRefusal;

    @Override
    public List<String> reload() throws ConfigException {
        if (reloadRefusal != null) {
            throw reloadRefusal;
        }
        return List.of("nothing changed");
    }

    @Override
    public Map<String, FenceListener> listeners() {
        Map<String, FenceListener> listeners = new LinkedHashMap<>();
        endpoints.forEach((name, endpoint) -> listeners.put(name, new FenceListener() {
            @Override
            public void start() {
            }

            @Override
            public String endpoint() {
                return endpoint;
            }

            @Override
            public void close() {
            }
        }));
        return listeners;
    }

    @Override
    public String backendName() {
        return "libvirt";
    }

    @Override
    public FenceBackend backend() {
        return backend;
    }

    @Override
    public Dispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public PrometheusRegistry metrics() {
        return metrics;
    }

    /** VMs by name; as a cluster member it also knows VMs owned by other nodes. */
    static final class FakeBackend implements FenceBackend {
        final Map<String, VmInfo> vms = new TreeMap<>(Map.of(
                "vm-web", new VmInfo("vm-web", WEB, VmState.RUNNING),
                "vm-db", new VmInfo("vm-db", DB, VmState.SHUTOFF)));
        final List<FenceRequest> calls = new ArrayList<>();
        Optional<Membership> membership = Optional.empty();
        List<PlacedVm> remote = List.of();
        String actingNode = FenceOutcome.THIS_NODE;
        boolean viewHangs;

        /** A power action's outcome carries the VM's states before and after it, as backend libvirt's does. */
        @Override
        public synchronized CompletionStage<FenceOutcome> fence(FenceRequest request) {
            calls.add(request);
            VmInfo vm = vms.get(request.target());
            if (vm == null) {
                return outcome(FenceResult.FAIL, "", "");
            }
            if (request.action() == FenceAction.STATUS) {
                return outcome(vm.state().isOn() ? FenceResult.SUCCESS : FenceResult.OFF, "", "");
            }
            VmState after = request.action() == FenceAction.OFF ? VmState.SHUTOFF : VmState.RUNNING;
            vms.put(vm.name(), new VmInfo(vm.name(), vm.uuid(), after));
            return outcome(FenceResult.SUCCESS, vm.state().word(), after.word());
        }

        private CompletionStage<FenceOutcome> outcome(FenceResult result, String before, String after) {
            return CompletableFuture.completedFuture(
                    new FenceOutcome(result, actingNode, FenceOutcome.ACTED_LOCALLY, "", before, after));
        }

        @Override
        public synchronized CompletionStage<List<VmInfo>> hostList() {
            return CompletableFuture.completedFuture(List.copyOf(vms.values()));
        }

        @Override
        public CompletionStage<ClusterView> clusterView() {
            if (viewHangs) {
                return new CompletableFuture<>();
            }
            if (membership.isEmpty()) {
                return FenceBackend.super.clusterView();
            }
            String me = String.valueOf(membership.get().myNodeId());
            return hostList().thenApply(local -> {
                List<PlacedVm> all = new ArrayList<>(local.stream().map(v -> new PlacedVm(v, me, true)).toList());
                all.addAll(remote);
                all.sort(Comparator.comparing(p -> p.vm().name()));
                return new ClusterView(all, membership);
            });
        }

        @Override
        public Health health() {
            return new Health(true, "1 of 1 libvirt connection up",
                    List.of(new Health.Part("qemu:///system", true, "", 2)));
        }

        @Override
        public void close() {
        }
    }

    /** A factory known only by name and version: the admin commands list plugins, they never create one. */
    private static <T extends AutoCloseable> PluginFactory<T> factory(String name) {
        return new PluginFactory<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String version() {
                return "1.0";
            }

            @Override
            public T create(ConfigSection config, PluginContext context) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
