package org.jfenced.daemon;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the command line asked for.
 *
 * @param configFile {@code -f}
 * @param debugLevel {@code -d}, or empty when not given (then the config's {@code debug} applies)
 * @param pidFile {@code -p}
 * @param waitForBackend {@code -w}
 * @param pluginsDir where plugin jars are, if anywhere
 */
public record DaemonOptions(Path configFile, Optional<Integer> debugLevel, Path pidFile, boolean waitForBackend,
        Optional<Path> pluginsDir) {
}
