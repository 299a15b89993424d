package org.jfenced.backend.cpg;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jfenced.backend.cpg.state.NameMode;
import org.jfenced.backend.cpg.state.SelfFencePromise;
import org.jfenced.libvirt.LibvirtUris;
import org.jfenced.libvirt.PoolSettings;
import org.jfenced.spi.BackendFactory;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigKey;
import org.jfenced.spi.ConfigSection;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.PluginContext;

/**
 * Creates backend {@code cpg} from
 * {@code backends { cpg { uri = "…"; uri1 = "…"; name_mode = "name"; group = "jfenced"; request_timeout = "22";
 * unknown_requires_quorum = "yes"; resync_interval = "60"; self_fence = "yes"; self_fence_vms = "…";
 * self_fence_timeout = "10"; } }}; {@code name_mode} may also stand in {@code fence_virtd}, as fence_virtd
 * reads it.
 */
public final class CpgBackendFactory implements BackendFactory {

    @Override
    public String name() {
        return "cpg";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return Stream.concat(LibvirtUris.KEYS.stream(), Stream.of(
                new ConfigKey("name_mode", "fence_virtd/@name_mode, else name", "name or uuid: how clients name VMs."
                        + " With uuid a name is refused, for clusters whose VM names repeat across hosts."),
                new ConfigKey("group", CpgSettings.DEFAULT_GROUP, "The CPG group, the same on every host. A C"
                        + " fence_virtd uses fence-agents (or fence-virt) and never meets jfenced there."),
                new ConfigKey("request_timeout", String.valueOf(CpgSettings.DEFAULT_REQUEST_TIMEOUT.toSeconds()),
                        "Seconds (1 to 120, fractions allowed) a requester waits for the group's answer before it"
                                + " answers FAIL itself."),
                new ConfigKey("unknown_requires_quorum", "yes", "yes or no: whether a VM no host has is answered"
                        + " as off only by a quorate partition."),
                new ConfigKey("resync_interval", String.valueOf(CpgSettings.DEFAULT_RESYNC_INTERVAL.toSeconds()),
                        "Seconds (1 to 86400) between re-listings of this host's VMs, which catch what libvirt's"
                                + " events missed."),
                new ConfigKey("self_fence", "yes", "yes or no: whether this host destroys its running VMs when it"
                        + " loses quorum or its corosync, so that the others may call them off after its deadline."
                        + " With no, the others answer FAIL for its VMs until jfencectl confirm-down."),
                new ConfigKey("self_fence_vms", "every VM", "A regular expression the whole VM name must match to be"
                        + " self-fenced; the others answer FAIL for the VMs outside it until jfencectl confirm-down."),
                new ConfigKey("self_fence_timeout", String.valueOf(SelfFenceSettings.DEFAULT_TIMEOUT.toSeconds()),
                        "Seconds (1 to 300) within which this host destroys its VMs once cut off; the others wait"
                                + " that long plus corosync's token and consensus before they call them off."))).toList();
    }

    @Override
    public FenceBackend create(ConfigSection config, PluginContext context) throws ConfigException {
        CpgSettings configured = settings(config, context);
        try {
            CpgSettings settings = withSplitSkew(configured);
            QuorumView quorum = settings.unknownRequiresQuorum() || settings.selfFence().enabled() ? VotequorumView.open()
                    : QuorumView.IGNORED;
            CpgBackend backend = CpgBackend.start(settings, PoolSettings.defaults(), CpgChannel::join, quorum,
                    context::announcePowerAction, context::audit);
            context.admin().register(new CpgAdminCommand(backend));
            context.admin().register(new ConfirmDownCommand(backend, context::dispatcher));
            return backend;
        } catch (IOException e) {
            throw new ConfigException("backend cpg cannot join CPG group " + configured.group()
                    + " (is corosync running here?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while starting backend cpg", e);
        }
    }

    private static CpgSettings withSplitSkew(CpgSettings s) throws IOException {
        return new CpgSettings(s.uris(), s.nameMode(), s.group(), s.requestTimeout(), s.unknownRequiresQuorum(),
                s.resyncInterval(), s.selfFence(), SplitSkew.read());
    }

    /** The settings as configured, with no split skew yet: that is corosync's, read when the backend starts. */
    static CpgSettings settings(ConfigSection config, PluginContext context) throws ConfigException {
        List<String> uris = LibvirtUris.read(config);
        NameMode mode = nameMode(config, context);
        String group = config.get("group", CpgSettings.DEFAULT_GROUP);
        int length = group.getBytes(StandardCharsets.UTF_8).length;
        if (length < 1 || length > 128) {
            throw config.invalid("group", "a CPG group name has 1 to 128 bytes, not " + length);
        }
        Duration timeout = seconds(config, "request_timeout", CpgSettings.DEFAULT_REQUEST_TIMEOUT, 1, 120);
        boolean quorum = yesNo(config, "unknown_requires_quorum", true);
        Duration resync = seconds(config, "resync_interval", CpgSettings.DEFAULT_RESYNC_INTERVAL, 1, 86400);
        return new CpgSettings(uris, mode, group, timeout, quorum, resync, selfFence(config), Duration.ZERO);
    }

    private static SelfFenceSettings selfFence(ConfigSection config) throws ConfigException {
        boolean enabled = yesNo(config, "self_fence", true);
        String scope = config.get("self_fence_vms", "");
        try {
            SelfFencePromise.checkScope(scope);
        } catch (IllegalArgumentException e) {
            throw config.invalid("self_fence_vms", e.getMessage());
        }
        Duration timeout = seconds(config, "self_fence_timeout", SelfFenceSettings.DEFAULT_TIMEOUT, 1, 300);
        return new SelfFenceSettings(enabled, scope, timeout);
    }

    private static NameMode nameMode(ConfigSection config, PluginContext context) throws ConfigException {
        Optional<String> here = config.get("name_mode");
        String value = here.or(() -> context.daemonSetting("name_mode")).orElse("name").trim();
        if (value.equalsIgnoreCase("name")) {
            return NameMode.NAME;
        }
        if (value.equalsIgnoreCase("uuid")) {
            return NameMode.UUID;
        }
        throw config.invalid("name_mode", "expected name or uuid, got \"" + value + '"'
                + (here.isEmpty() ? " (from fence_virtd/@name_mode)" : ""));
    }

    /** Seconds, fractions allowed ("2.5"), within bounds. */
    private static Duration seconds(ConfigSection config, String key, Duration fallback, long min, long max)
            throws ConfigException {
        Optional<String> value = config.get(key);
        if (value.isEmpty()) {
            return fallback;
        }
        BigDecimal s;
        try {
            s = new BigDecimal(value.get().trim());
        } catch (NumberFormatException e) {
            throw config.invalid(key, "expected seconds, such as 20 or 2.5, got \"" + value.get() + '"');
        }
        if (s.compareTo(BigDecimal.valueOf(min)) < 0 || s.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw config.invalid(key, "expected " + min + " to " + max + " seconds, got " + s.toPlainString());
        }
        return Duration.ofMillis(s.movePointRight(3).longValue());
    }

    private static boolean yesNo(ConfigSection config, String key, boolean fallback) throws ConfigException {
        Optional<String> value = config.get(key);
        if (value.isEmpty()) {
            return fallback;
        }
        switch (value.get().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "yes", "true", "on", "1":
                return true;
            case "no", "false", "off", "0":
                return false;
            default:
                throw config.invalid(key, "expected yes or no, got \"" + value.get() + '"');
        }
    }
}
