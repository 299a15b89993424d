package org.jfenced.service.cluster;

import java.nio.file.Path;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigSection;

/**
 * {@code services { cluster { … } }}: where corosync's files are and how many backups to keep. Relative
 * paths are taken from the directory of jfenced's config file.
 */
record ClusterSettings(Path corosyncConf, Path authkey, Path backupDir, int keepBackups) {

    static final String DEFAULT_CONF = "/etc/corosync/corosync.conf";
    static final String DEFAULT_BACKUP_DIR = "/var/lib/jfenced/corosync-backups";

    static ClusterSettings from(ConfigSection config, Path configFile) throws ConfigException {
        Path base = configFile.toAbsolutePath().getParent();
        return new ClusterSettings(
                base.resolve(config.get("corosync_conf", DEFAULT_CONF)),
                base.resolve(config.get("authkey", ClusterConfig.DEFAULT_AUTHKEY.toString())),
                base.resolve(config.get("backup_dir", DEFAULT_BACKUP_DIR)),
                (int) config.getLong("keep_backups", 10, 1, 1000));
    }
}
