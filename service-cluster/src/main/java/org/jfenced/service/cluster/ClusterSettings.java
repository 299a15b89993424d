package org.jfenced.service.cluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigKey;
import org.jfenced.spi.ConfigSection;

/**
 * {@code services { cluster { … } }}: where corosync's files are, how many backups to keep, and the CPG group
 * through which changes reach the other nodes. Relative paths are taken from the directory of jfenced's
 * config file.
 */
record ClusterSettings(Path corosyncConf, Path authkey, Path backupDir, int keepBackups, String group) {

    static final String DEFAULT_CONF = "/etc/corosync/corosync.conf";
    static final String DEFAULT_BACKUP_DIR = "/var/lib/jfenced/corosync-backups";
    /** Not the cpg backend's group, so that neither ever reads the other's messages. */
    static final String DEFAULT_GROUP = "jfenced-cluster";

    /** The keys {@link #from} reads. */
    static final List<ConfigKey> KEYS = List.of(
            new ConfigKey("corosync_conf", DEFAULT_CONF, "The corosync.conf that jfencectl cluster writes."),
            new ConfigKey("authkey", ClusterConfig.DEFAULT_AUTHKEY.toString(), "corosync's key; another path goes into"
                    + " totem.keyfile."),
            new ConfigKey("backup_dir", DEFAULT_BACKUP_DIR, "Where the previous corosync.conf is kept at each change."),
            new ConfigKey("keep_backups", "10", "How many of those are kept, 1 to 1000."),
            new ConfigKey("group", DEFAULT_GROUP, "The CPG group through which --propagate reaches the other nodes."));

    static ClusterSettings from(ConfigSection config, Path configFile) throws ConfigException {
        Path base = configFile.toAbsolutePath().getParent();
        String group = config.get("group", DEFAULT_GROUP);
        int length = group.getBytes(StandardCharsets.UTF_8).length;
        if (length < 1 || length > 128) {
            throw config.invalid("group", "a CPG group name has 1 to 128 bytes, not " + length);
        }
        return new ClusterSettings(
                base.resolve(config.get("corosync_conf", DEFAULT_CONF)),
                base.resolve(config.get("authkey", ClusterConfig.DEFAULT_AUTHKEY.toString())),
                base.resolve(config.get("backup_dir", DEFAULT_BACKUP_DIR)),
                (int) config.getLong("keep_backups", 10, 1, 1000),
                group);
    }
}
