#!/usr/bin/env bash
# Starts an N-node corosync cluster in network namespaces on this machine (the test fixture of module
# native), prints how to open a shell on each node, and tears it down on Enter or Ctrl-C.
#
#   native/src/test/scripts/corosync-cluster.sh [NODES] [TOKEN_MS]
#
# Needs root and corosync; builds the module first if needed.
set -euo pipefail
module="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$module/.."
if [ ! -d "$module/target/test-classes" ] || [ ! -f "$module/target/cluster.classpath" ]; then
    mvn -q -B -pl native -am install -DskipTests >&2
    mvn -q -B -pl native dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$module/target/cluster.classpath" >&2
fi
exec java -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/target/cluster.classpath")" \
    org.jfenced.nativelib.testcluster.CorosyncClusterMain "$@"
