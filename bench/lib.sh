# bench/lib.sh: what bench/run.sh and bench/coldstart.sh share — set-up, logging, tracked processes,
# a free port, the libvirt test-driver node file and the fence_virt.conf both daemons read. Sourced
# after ROOT is set; bench_setup sets CP, WORK and KEY.

C_MODULES=/usr/lib/x86_64-linux-gnu/fence-virt
GEN_JAVA_OPTS="-Xms256m -Xmx1g"

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Every process the benchmark starts is added here and stopped by its pid at exit.
TRACKED=()

stop_pid() {
    local pid=$1 i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "pid $pid ignored SIGTERM for 10 s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local pid
    for pid in "${TRACKED[@]}"; do
        stop_pid "$pid"
    done
    if [ "${BENCH_KEEP:-0}" = 1 ]; then
        log "work directory kept: $WORK"
    else
        rm -rf "$WORK"
    fi
}

free_port() {
    local p=$1
    while ss -Htln "sport = :$p" | grep -q .; do
        p=$((p + 1))
    done
    echo "$p"
}

# N test-driver domains vm-00000 … ; every fifth one shut off, the rest running.
write_node_file() {
    local n=$1 out=$2
    awk -v n="$n" 'BEGIN {
        print "<?xml version=\"1.0\"?>"
        print "<node xmlns:test=\"http://libvirt.org/schemas/domain/test/1.0\">"
        print "  <cpu><mhz>2000</mhz><model>i686</model><active>4</active><nodes>1</nodes><sockets>1</sockets><cores>4</cores><threads>1</threads></cpu>"
        print "  <memory>8388608</memory>"
        for (i = 0; i < n; i++) {
            state = (i % 5 == 4) ? "<test:runstate>5</test:runstate>" : ""
            printf "  <domain type=\"test\"><name>vm-%05d</name><uuid>%08x-0000-4000-8000-%012x</uuid>", i, n, i
            printf "<memory>524288</memory><vcpu>1</vcpu><os><type>hvm</type></os>%s</domain>\n", state
        }
        print "</node>"
    }' >"$out"
}

# Both daemons read this file unchanged (the C daemon ignores jfenced's admin_socket and journal_dir). sha256 for both
# legs: the C TCP listener stores `auth` into the minimum request hash and always runs the
# challenge-response with sha256, so that is the only setting under which both daemons do the same work.
write_config() {
    local port=$1 node=$2 out=$3 admin=${4:-}
    cat >"$out" <<CONF
fence_virtd {
	listener = "tcp";
	backend = "libvirt";
	module_path = "$C_MODULES";
${admin:+	admin_socket = \"$admin\";}
	journal_dir = "$(dirname "$out")";
}
listeners {
	tcp {
		key_file = "$KEY";
		address = "127.0.0.1";
		port = "$port";
		family = "ipv4";
		hash = "sha256";
		auth = "sha256";
	}
}
backends {
	libvirt {
		uri = "test://$node";
	}
}
CONF
}

# Busy CPU time of the whole machine in USER_HZ ticks (user, nice, system), as the generator reads it.
busy_ticks() { awk 'NR == 1 { print $2 + $3 + $4; exit }' /proc/stat; }

# On a shared machine, waits until a second passes in which all processes together used less than
# 10 % of the CPU (the benchmark's own processes are idle at this point), drawing on a budget
# (QUIET_LEFT seconds) for the whole run so that a machine that never gets quiet costs at most that
# much extra time.
wait_for_quiet() {
    local before after limit
    limit=$(( $(nproc) * 100 / 10 ))
    while [ "$QUIET_LEFT" -gt 0 ]; do
        before=$(busy_ticks)
        sleep 1
        after=$(busy_ticks)
        [ $((after - before)) -lt "$limit" ] && return 0
        QUIET_LEFT=$((QUIET_LEFT - 1))
    done
}

# Installs what the benchmarks need, builds when BENCH_BUILD is 1 (default $1), and makes the work
# directory (prefix $2, removed at exit with every tracked process stopped) with a fresh 4096-byte key.
bench_setup() {
    . "$ROOT/scripts/packages.sh"
    install_missing fence-virtd libvirt0 jq
    if [ "${BENCH_BUILD:-$1}" = 1 ]; then
        log "building (mvn -q -B package -DskipTests)"
        (cd "$ROOT" && mvn -q -B package -DskipTests)
    fi
    local jar
    jar=$(ls "$ROOT"/bench/target/bench-*.jar | grep -v -e sources -e javadoc | head -n 1)
    CP="$jar:$ROOT/bench/target/lib/*"
    [ -x "$ROOT/dist/target/jfenced/bin/jfenced" ] || die "dist/target/jfenced is missing: build first"
    WORK=$(mktemp -d "/tmp/$2.XXXXXX")
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    umask 077
    KEY=$WORK/fence_xvm.key
    head -c 4096 /dev/urandom >"$KEY"
}
